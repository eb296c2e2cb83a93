// collectTrace through real transports on this machine (one LocalTransport per lab host name, each reading that
// host's maillog fixture in place with the hosts' own sh/grep): the rounds find the whole path from one id, as
// the engine does from all lines; hostile ids reach grep as data, never as shell text.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExecOptions } from '../../src/core/transport.js';
import type { HostLogs } from '../../src/logs/discover.js';
import { grepAnchor } from '../../src/logs/search-anchor.js';
import { buildTrace } from '../../src/trace/build.js';
import { collectTrace, type TraceHostInput } from '../../src/trace/collect.js';
import { LocalTransport } from '../../src/transport/index.js';
import { fixtureLines, labBook, linesOf } from './lines.js';

const HOSTS = ['relay', 'servera', 'serverb'];
const until = Date.UTC(2026, 11, 7, 2, 30);

const inputs: TraceHostInput[] = HOSTS.map((host) => {
  const path = fileURLToPath(new URL(`fixtures/healthy/${host}.maillog`, import.meta.url));
  const logs: HostLogs = {
    host,
    sources: [{ host, source: 'maillog', kind: 'syslog', path }],
    utcOffsetMinutes: 0,
    warnings: [],
  };
  return { host, transport: new LocalTransport(host), logs, addresses: [] };
});
afterAll(async () => {
  for (const i of inputs) await i.transport.close();
});

describe('collectTrace over local transports', () => {
  it('finds every stay of both flows from one queue id in a few rounds, as buildTrace does from every line', async () => {
    // 0C4A210C8F2: amavis' re-injection on the relay, a later stay than the one the message came in with
    for (const queueId of ['E628810C857', 'EDA0310E228', '0C4A210C8F2']) {
      const progress: string[] = [];
      const r = await collectTrace(inputs, { queueId, until }, { book: labBook, onProgress: (t) => progress.push(t) });
      const all = buildTrace(fixtureLines('healthy', HOSTS), { queueId, until }, labBook);
      expect(r.exitCode).toBe(0);
      expect(r.messages[0]!.ends).toEqual(all.messages[0]!.ends);
      expect(r.messages[0]!.hops.map((h) => h.line.raw)).toEqual(all.messages[0]!.hops.map((h) => h.line.raw));
      expect(progress[0]).toBe('round 1: relay (1 ids), servera (1 ids), serverb (1 ids)');
      expect(progress.length).toBeLessThanOrEqual(4);
    }
  });

  it("reads a re-injection's ids from the birth of the stay that made them on; the Message-ID everywhere", async () => {
    const searches: { mode: string; terms: string[] }[] = [];
    const relay = inputs[0]!;
    const recording = new Proxy(relay.transport, {
      get(target, prop) {
        if (prop === 'execStream') {
          return (argv: readonly string[], options?: ExecOptions) => {
            searches.push({ mode: argv[5] ?? '', terms: String(options?.stdin ?? '').split('\n') });
            return target.execStream(argv, options);
          };
        }
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const hosts = [{ ...relay, transport: recording }, ...inputs.slice(1)];
    const query = { queueId: 'E628810C857', until };
    const r = await collectTrace(hosts, query, { book: labBook });
    expect(r).toEqual(await collectTrace(inputs, query, { book: labBook }));
    const text = readFileSync(relay.logs.sources[0]!.path, 'utf8');
    const birth = text.indexOf('E628810C857: client=');
    expect(birth).toBeGreaterThan(0);
    expect(searches).toEqual([
      { mode: 'pb', terms: [grepAnchor('E628810C857')] }, // E628810C: grep's faster part of it
      { mode: `pb${text.lastIndexOf('\n', birth) + 1}`, terms: ['0C4A210C8F2', '(26417-02)'] },
      { mode: 'pb', terms: ['h4fx1796609692-in@example.com'] },
    ]);
  });

  it('a queue id used before by another message: the trace is as from every line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oxdoctor-trace-'));
    try {
      const relay = inputs[0]!;
      const fixture = readFileSync(relay.logs.sources[0]!.path, 'utf8');
      const old = [
        'Dec  6 09:00:00 relay postfix/smtpd[100]: 0C4A210C8F2: client=localhost[127.0.0.1]',
        'Dec  6 09:00:00 relay postfix/cleanup[101]: 0C4A210C8F2: message-id=<old@example.com>',
        'Dec  6 09:00:00 relay postfix/qmgr[102]: 0C4A210C8F2: from=<old@example.com>, size=1, nrcpt=1 (queue active)',
        'Dec  6 09:00:01 relay postfix/smtp[103]: 0C4A210C8F2: to=<old@example.org>, ' +
          'relay=127.0.10.20[127.0.10.20]:25, ' +
          'delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 1234567890)',
        'Dec  6 09:00:01 relay postfix/qmgr[102]: 0C4A210C8F2: removed',
      ];
      const path = join(dir, 'maillog');
      writeFileSync(path, `${old.join('\n')}\n${fixture}`);
      const logs = { ...relay.logs, sources: [{ ...relay.logs.sources[0]!, path }] };
      const hosts = [{ ...relay, logs }, ...inputs.slice(1)];
      const query = { queueId: 'E628810C857', until };
      const r = await collectTrace(hosts, query, { book: labBook });
      const every = [
        ...linesOf('relay', readFileSync(path, 'utf8'), until),
        ...fixtureLines('healthy', HOSTS.slice(1)),
      ];
      const all = buildTrace(every, query, labBook);
      expect(r.messages[0]!.hops.map((h) => h.line.raw)).toEqual(all.messages[0]!.hops.map((h) => h.line.raw));
      expect(r.messages[0]!.ends).toEqual(all.messages[0]!.ends);
      expect(r.messages[0]!.hops.some((h) => h.line.raw.includes('old@'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes each host clock offset (a second or more) off its line times', async () => {
    const query = { queueId: 'E628810C857', until };
    const plain = await collectTrace(inputs, query, { book: labBook });
    // a 10-minute offset measured on server A comes off its stamps; 400 ms on B is noise and stays
    const offsets = new Map([
      ['servera', 600_000],
      ['serverb', 400],
    ]);
    const skewed = await collectTrace(inputs, query, { book: labBook, offsets });
    const a = skewed.messages[0]!.hops.filter((h) => h.host === 'servera');
    expect(a.map((h) => h.time! + 600_000)).toEqual(
      plain.messages[0]!.hops.filter((h) => h.host === 'servera').map((h) => h.time!),
    );
    expect(a.every((h) => h.line.clockOffsetMs === 600_000)).toBe(true);
    expect(skewed.messages[0]!.hops.find((h) => h.host === 'serverb')!.line.clockOffsetMs).toBeUndefined();
  });

  it('by Message-ID and by address', async () => {
    const byId = await collectTrace(inputs, { messageId: '<h4fx1796609692-in@example.com>', until }, { book: labBook });
    expect(byId.messages[0]!.ends.map((e) => e.state)).toEqual(['delivered', 'delivered']);
    const byAddress = await collectTrace(inputs, { address: 'test1001@example.com', until }, { book: labBook });
    expect(byAddress.messages.map((m) => m.messageId)).toEqual(['h4fx1796609692-out@example.com']);
  });

  it('passes hostile ids to grep as data: nothing runs, nothing is found (exit 3)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oxdoctor-trace-'));
    try {
      const hostile = [
        `'; touch ${dir}/a; '`,
        `$(touch ${dir}/b)`,
        `\`touch ${dir}/c\``,
        `"; touch ${dir}/d; "`,
        `-f /etc/passwd`,
        `x\ntouch ${dir}/e`,
      ];
      for (const id of hostile) {
        for (const query of [{ queueId: id }, { messageId: id }, { address: id }]) {
          const r = await collectTrace(inputs, query, { book: labBook });
          expect(r, JSON.stringify(query)).toMatchObject({ messages: [], exitCode: 3 });
        }
      }
      for (const f of ['a', 'b', 'c', 'd', 'e']) expect(existsSync(join(dir, f))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
