// `oxdoctor logs` and `oxdoctor trace` on the lab through the built binary: --list, a search by queue id for a
// message sent as Exchange would (relay :25), --user finding the delivery on server A and the archive copy on
// server B, trace by Message-ID, JSON lines, and hostile strings creating nothing on any host.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { labExec, type LabHost } from '../lab/lab.js';
import { eventually } from '../lab/probes.js';
import { sendInbound, sendOutbound } from '../trace/lab-trace.js';
import { buildCli, runCli, type Built } from './build.js';

const CONFIG = fileURLToPath(new URL('../lab/oxdoctor.yaml', import.meta.url));
const HOSTS: LabHost[] = ['relay', 'servera', 'servera2', 'serverb'];
const MARKER = `p5logs${Date.now()}`;
let built: Built;

interface JsonLine {
  host: string;
  source: string;
  time: string | null;
  program: string | null;
  pid: number | null;
  queueId: string | null;
  fields: Record<string, string>;
  raw: string;
}

const logs = (...args: string[]) => runCli(built.bin, ['logs', '--config', CONFIG, ...args]);
const jsonLines = (stdout: string): JsonLine[] =>
  stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as JsonLine);

// The two messages trace's lab tests send: as Exchange to the relay for test1002 (<MARKER-in@example.com>) and as
// test1001 to server A's port 25 for exch02 (<MARKER-out@example.com>).
async function send(marker: string): Promise<void> {
  await sendInbound(marker);
  await sendOutbound(marker);
}

beforeAll(async () => {
  built = await buildCli();
  await send(MARKER);
  // Delivered on server A and filed on server B (cyrus' Delivered: lines), before any search.
  const delivered = async () => {
    const a = await labExec('servera', ['grep', '-c', `Delivered: <${MARKER}-in@`, '/var/log/maillog']);
    const b = await labExec('serverb', ['grep', '-c', `Delivered: <${MARKER}-in@`, '/var/log/maillog']);
    return a.stdout.trim() !== '0' && b.stdout.trim() !== '0' && a.code === 0 && b.code === 0;
  };
  expect(await eventually(delivered, 30_000, 500)).toBe(true);
}, 240_000);

describe('oxdoctor logs on the lab', () => {
  it('--list names every host with its maillog, size and age; --format json is one document', async () => {
    // A freshly started servera2 (no postfix) has no maillog until something logs to mail.*.
    for (const host of HOSTS) await labExec(host, ['logger', '-p', 'mail.info', '-t', 'p5logs', 'maillog exists']);
    const exists = async () => {
      for (const host of HOSTS) if ((await labExec(host, ['test', '-s', '/var/log/maillog'])).code !== 0) return false;
      return true;
    };
    expect(await eventually(exists, 10_000, 200)).toBe(true);
    const r = await logs('--list');
    expect(r.code, r.stderr).toBe(0);
    for (const host of HOSTS)
      expect(r.stdout).toMatch(new RegExp(`^${host} \\(UTC[+-]\\d\\d:\\d\\d\\): \\d+ sources`, 'm'));
    expect(r.stdout).toMatch(/^ {2}maillog +\d+(\.\d)? (B|KiB|MiB|GiB) +\d+ (s|min|h|d) +\/var\/log\/maillog$/m);
    const j = await logs('--list', '--format', 'json', '--source', 'maillog');
    const doc = JSON.parse(j.stdout) as { version: number; hosts: { host: string; sources: { source: string }[] }[] };
    expect(doc.version).toBe(1);
    expect(doc.hosts.map((h) => h.host)).toEqual(HOSTS);
    for (const h of doc.hosts) expect(h.sources.map((s) => s.source)).toEqual(['maillog']);
  }, 60_000);

  it('finds every line of a queue id, in time order, as JSON lines with the agreed keys', async () => {
    const marked = jsonLines((await logs('--grep', `${MARKER}-in@`, '--since', '10m', '--format', 'json')).stdout);
    const first = marked.find((l) => l.host === 'relay' && l.program === 'postfix/cleanup');
    expect(first?.queueId).toMatch(/^[0-9A-F]{6,}$/);
    const r = await logs('--queue-id', first!.queueId!, '--since', '10m', '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const lines = jsonLines(r.stdout);
    for (const l of lines) {
      expect(Object.keys(l)).toEqual(
        expect.arrayContaining(['host', 'source', 'time', 'program', 'pid', 'queueId', 'fields', 'raw']),
      );
      expect(l.queueId === first!.queueId || l.raw.includes(first!.queueId!)).toBe(true);
    }
    const kinds = lines.map((l) => `${l.program}`);
    for (const p of ['postfix/smtpd', 'postfix/cleanup', 'postfix/qmgr', 'postfix/smtp', 'amavis']) {
      expect(kinds).toContain(p);
    }
    const times = lines.map((l) => Date.parse(l.time!));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  }, 60_000);

  it('--user test1002 finds its delivery on server A and its archive copy on server B, with their queue ids', async () => {
    const r = await logs('--user', 'test1002', '--since', '10m', '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/--user test1002: test1002, .*test1002@serverb\.example\.com, test1002\+Sent Items@/);
    const lines = jsonLines(r.stdout);
    const delivered = (host: string) =>
      lines.find(
        (l) => l.host === host && l.raw.includes(`Delivered: <${MARKER}-in@example.com> to mailbox: user.test1002`),
      );
    expect(delivered('servera')).toBeDefined();
    expect(delivered('serverb')).toBeDefined();
    const archived = lines.find((l) => l.host === 'serverb' && l.fields.orig_to === 'test1002@serverb.example.com');
    expect(archived?.fields.status).toBe('sent');
    // The second pass: the relay's smtpd line of the message names no address, only its queue id.
    const relayId = lines.find((l) => l.host === 'relay' && l.raw.includes(`${MARKER}-in@`))?.queueId;
    expect(lines.some((l) => l.host === 'relay' && l.queueId === relayId && l.program === 'postfix/smtpd')).toBe(true);
  }, 60_000);

  it("--user with AD unreachable says so in one line and still finds the login's lines", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oxdoctor-logs-noad-'));
    try {
      const config = join(dir, 'oxdoctor.yaml');
      const text = readFileSync(CONFIG, 'utf8');
      expect(text).toContain('ldap://127.0.10.10:389');
      writeFileSync(config, text.replace('ldap://127.0.10.10:389', 'ldap://127.0.10.10:1'));
      const r = await runCli(built.bin, [
        'logs',
        '--config',
        config,
        '--user',
        'test1002',
        '--since',
        '10m',
        '--host',
        'servera',
        '--format',
        'json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr.split('\n').filter((l) => l.includes('AD not asked'))).toHaveLength(1);
      expect(r.stderr).toMatch(/--user test1002: test1002, test1002@serverb\.example\.com\n/);
      const delivered = `Delivered: <${MARKER}-in@example.com> to mailbox: user.test1002`;
      expect(jsonLines(r.stdout).some((l) => l.raw.includes(delivered))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('text output: host, source, time and the message, in time order; exit 1 when nothing matches', async () => {
    const r = await logs('--grep', `${MARKER}-out@`, '--since', '10m');
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.trim().split('\n');
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) {
      expect(row).toMatch(/^(relay|servera|servera2|serverb) +maillog +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}[ ~]\S/);
    }
    const none = await logs('--grep', `${MARKER}-nothing`, '--since', '10m');
    expect(none.code).toBe(1);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/no line matched/);
    const typo = await logs('--source', 'mailog', '--since', '10m');
    expect(typo.code).toBe(3);
    expect(typo.stderr).toMatch(/no source 'mailog' on the selected hosts \(see 'oxdoctor logs --list'\)/);
  }, 60_000);

  it('trace by Message-ID shows the hops on the relay, server A and server B, exit 0', async () => {
    const r = await runCli(built.bin, ['trace', '--config', CONFIG, `<${MARKER}-in@example.com>`, '--format', 'json']);
    const doc = JSON.parse(r.stdout) as { version: number; exitCode: number; messages: { hops: { host: string }[] }[] };
    expect(doc.version).toBe(1);
    expect(new Set(doc.messages.flatMap((m) => m.hops.map((h) => h.host)))).toEqual(
      new Set(['relay', 'servera', 'serverb']),
    );
    expect(r.code, r.stderr).toBe(doc.exitCode);
  }, 90_000);

  it('hostile --grep, --user, --queue-id and trace ids create nothing on any host nor here', async () => {
    const tag = `/tmp/p5-hostile-${process.pid}`;
    const hostile = [`'; touch ${tag}-a; '`, `$(touch ${tag}-b)`, `\`touch ${tag}-c\``, `";touch ${tag}-d;"`, '-e'];
    for (const value of hostile) {
      const g = await logs('--grep', value, '--since', '5m', '--host', 'relay');
      expect([0, 1]).toContain(g.code); // searched as a literal: no match (or '-e' found somewhere)
      expect((await logs(`--user=${value}`, '--since', '5m')).code).toBe(3);
      expect((await logs(`--queue-id=${value}`)).code).toBe(3);
      expect((await runCli(built.bin, ['trace', '--config', CONFIG, '--host', 'relay', '--', value])).code).toBe(3);
    }
    const traced = await runCli(built.bin, ['trace', '--config', CONFIG, '--host', 'relay', `<x$(touch ${tag}-e)@y>`]);
    expect(traced.code).toBe(3); // searched literally: not found
    for (const host of HOSTS) {
      const ls = await labExec(host, ['sh', '-c', `ls ${tag}-* 2>/dev/null | wc -l`]);
      expect(ls.stdout.trim(), host).toBe('0');
    }
    for (const s of ['a', 'b', 'c', 'd', 'e']) expect(existsSync(`${tag}-${s}`)).toBe(false);
  }, 150_000);
});
