// collectTrace through real transports on this machine (one LocalTransport per lab host name, each reading that
// host's maillog fixture in place with the hosts' own sh/grep): the rounds find the whole path from one id, as
// the engine does from all lines; hostile ids reach grep as data, never as shell text.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostLogs } from '../../src/logs/discover.js';
import { buildTrace } from '../../src/trace/build.js';
import { collectTrace, type TraceHostInput } from '../../src/trace/collect.js';
import { LocalTransport } from '../../src/transport/index.js';
import { fixtureLines, labBook } from './lines.js';

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
    for (const queueId of ['E628810C857', 'EDA0310E228']) {
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
