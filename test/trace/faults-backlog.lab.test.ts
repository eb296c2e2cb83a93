// trace under deferred-backlog (the Exchange stand-in down, 120 messages deferred on server A): a user's message
// is deferred on servera at the hand-off to Exchange with the refusal; by address, the backlog's sender lists
// its messages newest first, each deferred, exit 1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MESSAGES } from '../../src/trace/build.js';
import type { TraceResult } from '../../src/trace/types.js';
import { marker, openTraceLab, sendOutbound, settled, type TraceLab, withFault } from './lab-trace.js';

let lab: TraceLab;
beforeAll(async () => {
  lab = await openTraceLab();
}, 60_000);
afterAll(async () => lab?.close());

describe('trace under deferred-backlog', () => {
  it('names the deferred hand-off to Exchange, and lists the backlog by its sender', async () => {
    let backlog: TraceResult | undefined;
    const r = await withFault('deferred-backlog', async () => {
      const sent = await sendOutbound(marker('backlog'));
      const one = await lab.traceUntil({ queueId: sent.queueId }, settled(2));
      backlog = await lab.trace({ address: 'backlog@lab.invalid' });
      return one;
    });
    expect(r.exitCode).toBe(1);
    const m = r.messages[0]!;
    const end = m.ends.find((e) => e.recipient === 'exch02@example.com')!;
    expect(end).toMatchObject({ state: 'deferred', host: 'servera' });
    expect(end.detail).toMatch(/connect to 127\.0\.10\.20\[127\.0\.10\.20\]:25: Connection refused/);
    expect(m.ends.find((e) => e.recipient === 'test1001@serverb.example.com')?.state).toBe('delivered');

    expect(backlog!.exitCode).toBe(1);
    expect(backlog!.messages).toHaveLength(MAX_MESSAGES);
    for (const b of backlog!.messages) {
      expect(b.from).toBe('backlog@lab.invalid');
      expect(b.ends.map((e) => `${e.recipient} ${e.state} ${e.host}`)).toEqual(['exch01@example.com deferred servera']);
    }
    const times = backlog!.messages.map((b) => b.firstSeen ?? 0);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });
});
