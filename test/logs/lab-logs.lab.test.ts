// The lab's own logs through the parsers, read over the project's transport as oxdoctor reads them: the maillog of
// relay, server A and server B (every postfix line parses with a kind, the host's offset and the file's mtime
// place the stamps), server A's OX log (multi-line records) and oxldapsync.log. Coverage printed per file.
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { Transport } from '../../src/core/transport.js';
import { LogLineParser } from '../../src/logs/line-parser.js';
import { programFamily } from '../../src/logs/program-message.js';
import type { LogLine, LogSource, SourceKind } from '../../src/logs/types.js';
import { TransportPool } from '../../src/transport/index.js';

const SKEWED_WRITER = 'p5follow';

const CONFIG = fileURLToPath(new URL('../lab/oxdoctor.yaml', import.meta.url));
const pool = new TransportPool();
afterAll(() => pool.closeAll());

async function transportOf(host: string): Promise<Transport> {
  const site = await loadConfig({ explicitPath: CONFIG });
  const h = site.hosts.find((x) => x.name === host);
  if (!h) throw new Error(`no host ${host} in ${CONFIG}`);
  return pool.get(h);
}

// "+0100" -> 60
async function utcOffsetMinutes(t: Transport): Promise<number> {
  const r = await t.exec(['date', '+%z']);
  const m = /^([+-])(\d\d)(\d\d)/.exec(r.stdout.trim());
  if (!m) throw new Error(`date +%z: ${r.stdout} ${r.stderr}`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

async function readLog(host: string, path: string, kind: SourceKind, source: string) {
  const t = await transportOf(host);
  const offset = await utcOffsetMinutes(t);
  const file = await t.readFile(path, { maxBytes: 256 * 1024 * 1024 });
  if (!file) throw new Error(`${host}:${path} does not exist`);
  expect(file.truncated).toBe(false);
  const src: LogSource = { host, source, kind, path };
  const parser = new LogLineParser({ host, source, kind, utcOffsetMinutes: offset });
  const lines: LogLine[] = [];
  for (const text of file.data.toString('utf8').split('\n')) {
    if (text !== '') lines.push(...parser.push({ source: src, path, text, fileMtimeMs: file.mtimeMs }));
  }
  lines.push(...parser.flush());
  return { lines, mtimeMs: file.mtimeMs };
}

describe('the lab maillogs', () => {
  const table: Record<string, Record<string, number>> = {};
  afterAll(() => console.table(table));

  it.each(['relay', 'servera', 'serverb'])('%s: every postfix line parses with a kind', async (host) => {
    const { lines, mtimeMs } = await readLog(host, '/var/log/maillog', 'syslog', 'maillog');
    const row = { lines: lines.length, framed: 0, postfixParsed: 0, postfixUnknown: 0, other: 0, otherUnknown: 0 };
    const unknownPostfix: string[] = [];
    for (const l of lines) {
      if (l.time !== undefined) row.framed++;
      const family = l.program === undefined ? undefined : programFamily(l.program);
      if (family === 'postfix') {
        if (l.kind) row.postfixParsed++;
        else unknownPostfix.push(l.raw);
      } else if (family) {
        row.other++;
        if (!l.kind) row.otherUnknown++;
      }
      // Stamps placed by the file's mtime: none later than it (a minute of slack for the last write). Not the
      // lines test/cli/logs-follow.lab.test.ts writes as a host 10 minutes ahead would (program SKEWED_WRITER):
      // the lab can skew only what runs over sshd, so their stamp is ahead of the file's real mtime.
      if (l.time !== undefined && l.program !== SKEWED_WRITER)
        expect(l.time, l.raw).toBeLessThanOrEqual(mtimeMs + 60_000);
      expect(l.host).toBe(host);
    }
    row.postfixUnknown = unknownPostfix.length;
    table[host] = row;
    expect(unknownPostfix).toEqual([]);
    expect(row.postfixParsed).toBeGreaterThan(0);
    expect(row.framed).toBe(row.lines);
  });

  it("server A's local(8) hands cyrus recipients over lmtp: kind passing, to and transport", async () => {
    const { lines } = await readLog('servera', '/var/log/maillog', 'syslog', 'maillog');
    const passing = lines.filter((l) => l.program === 'postfix/local' && / passing </.test(l.raw));
    expect(passing.length).toBeGreaterThan(0);
    for (const l of passing) {
      expect(l).toMatchObject({ kind: 'passing', fields: { transport: 'lmtp' } });
      expect(l.queueId).toMatch(/^[0-9A-F]{6,}$/);
      expect(l.fields.to).toMatch(/@oxmail\.example\.com$/);
    }
    // each names the queue file delivered over lmtp next (cyrus on the same host)
    const lmtp = new Set(lines.filter((l) => l.program === 'postfix/lmtp').map((l) => l.queueId));
    expect(passing.some((l) => lmtp.has(l.queueId))).toBe(true);
  });
});

describe('the lab OX logs', () => {
  it("server A's open-xchange.log.0: one LogLine per record, each timed, MDC fields read", async () => {
    const { lines } = await readLog('servera', '/var/log/open-xchange/open-xchange.log.0', 'ox', 'ox');
    expect(lines.length).toBeGreaterThan(0);
    const untimed = lines.filter((l) => l.time === undefined || !l.kind);
    expect(untimed.map((l) => l.raw.slice(0, 200))).toEqual([]);
    const created = lines.find((l) => /created in context 1/.test(l.raw));
    expect(created).toMatchObject({
      program: 'open-xchange',
      level: 'info',
      fields: { logger: 'com.openexchange.admin.rmi.impl.OXUser', 'admin.contextId': '1' },
    });
    expect(created!.raw.split('\n').length).toBeGreaterThan(1);
    console.log(`servera open-xchange.log.0: ${lines.length} records`);
  });

  it("server A's oxldapsync.log: every line a run start/finish or a complaint, in host time", async () => {
    const { lines, mtimeMs } = await readLog('servera', '/var/log/oxldapsync.log', 'oxldapsync', 'oxldapsync');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((l) => !l.kind || l.time === undefined).map((l) => l.raw)).toEqual([]);
    expect(lines.some((l) => l.kind === 'finished')).toBe(true);
    for (const l of lines) expect(l.time!).toBeLessThanOrEqual(mtimeMs + 60_000);
  });
});

describe("the lab's Apache logs", () => {
  it.each(['servera', 'serverb'])('%s: every access_log and error_log line parses, timed', async (host) => {
    const access = await readLog(host, '/var/log/apache2/access.log', 'apache-access', 'apache-access');
    const error = await readLog(host, '/var/log/apache2/error.log', 'apache-error', 'apache-error');
    expect(access.lines.length + error.lines.length).toBeGreaterThan(0);
    const bad = [...access.lines, ...error.lines].filter((l) => !l.kind || l.time === undefined);
    expect(bad.map((l) => l.raw)).toEqual([]);
    for (const l of [...access.lines, ...error.lines]) expect(l.time!).toBeLessThanOrEqual(Date.now() + 60_000);
    expect(access.lines.every((l) => /^\d{3}$/.test(l.fields.status ?? ''))).toBe(true);
    console.log(`${host} apache: ${access.lines.length} access, ${error.lines.length} error lines`);
  });
});
