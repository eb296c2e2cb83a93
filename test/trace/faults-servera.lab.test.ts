// trace under server A's faults: its postfix down (the relay defers the hand-off to the VIP's :10025), cyrus
// down (server A's lmtp defers), and procmail's re-injection listener gone (the message is lost after procmail:
// no line on server A for its re-injection). The archive copy on server B is delivered each time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageTrace } from '../../src/trace/types.js';
import { marker, openTraceLab, sendInbound, sendOutbound, settled, type TraceLab, withFault } from './lab-trace.js';

let lab: TraceLab;
beforeAll(async () => {
  lab = await openTraceLab();
}, 60_000);
afterAll(async () => lab?.close());

const endOf = (m: MessageTrace, recipient: string) => m.ends.find((e) => e.recipient === recipient);
const archived = (m: MessageTrace): void =>
  expect(endOf(m, 'test1002@serverb.example.com')).toMatchObject({
    state: 'delivered',
    host: 'serverb',
    detail: 'mailbox user.test1002 on serverb',
  });

describe('trace under server A faults', () => {
  it('next-hop-unreachable: deferred on the relay, connection to servera :10025 refused; archive delivered', async () => {
    const r = await withFault('next-hop-unreachable', async () => {
      const sent = await sendInbound(marker('next-hop'));
      return lab.traceUntil({ queueId: sent.queueId }, settled(2));
    });
    expect(r.exitCode).toBe(1);
    const m = r.messages[0]!;
    expect(endOf(m, 'test1002@example.com')).toMatchObject({ state: 'deferred', host: 'relay' });
    expect(endOf(m, 'test1002@example.com')!.detail).toMatch(/connect to 127\.0\.10\.2\[127\.0\.10\.2\]:10025: /);
    archived(m);
    expect(m.hops.some((h) => h.host === 'servera')).toBe(false);
  });

  it('cyrus-down: deferred on servera at lmtp, the cyrus socket refuses; archive delivered', async () => {
    const r = await withFault('cyrus-down', async () => {
      const sent = await sendInbound(marker('cyrus-down'));
      return lab.traceUntil({ queueId: sent.queueId }, settled(2));
    });
    expect(r.exitCode).toBe(1);
    const m = r.messages[0]!;
    const end = endOf(m, 'test1002@example.com')!;
    expect(end).toMatchObject({ state: 'deferred', host: 'servera' });
    expect(end.detail).toMatch(
      /^deferred on servera \(\w+\): connect to .*lmtp\]: .*; in the deferred queue on servera, next/,
    );
    expect(end.queue).toBe('deferred');
    const hop = m.hops.find((h) => h.host === 'servera' && h.status?.startsWith('deferred'));
    expect(hop?.step).toMatch(/^lmtp: to <test1002@oxmail.example.com> \(orig <test1002@example.com>\)/);
    archived(m);
  });

  it('pipe-reinjection-gone: the user message is lost after procmail, no line on servera for it, exit 2', async () => {
    const r = await withFault('pipe-reinjection-gone', async () => {
      const sent = await sendOutbound(marker('pipe-gone'));
      // the pipe line comes at once; give ssmtp's (failed) re-injection the time it would have taken
      await new Promise((resolve) => setTimeout(resolve, 5000));
      return lab.traceUntil({ queueId: sent.queueId }, settled(1));
    });
    expect(r.exitCode).toBe(2);
    const m = r.messages[0]!;
    expect(m.ends).toHaveLength(1);
    expect(m.ends[0]).toMatchObject({ recipient: 'exch02@example.com', state: 'lost', host: 'servera' });
    expect(m.ends[0]!.detail).toMatch(
      /^no line on servera within \d+ (?:minutes|s) after the hand-off \(re-injection of \w+ on servera\)$/,
    );
    expect(m.hops.at(-1)?.step).toBe('qmgr: removed from the queue');
    expect(m.hops.some((h) => /^pipe: to <exch02@example.com> -> procmail$/.test(h.step))).toBe(true);
  });
});
