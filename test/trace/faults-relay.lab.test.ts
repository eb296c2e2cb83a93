// trace under the relay's faults: with amavis down the message waits in the relay's queue and the trace names
// the refused :10024; with clamd down amavis passes it UNCHECKED and the trace shows the failed scanner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marker, openTraceLab, sendInbound, settled, type TraceLab, withFault } from './lab-trace.js';

let lab: TraceLab;
beforeAll(async () => {
  lab = await openTraceLab();
}, 60_000);
afterAll(async () => lab?.close());

describe('trace under relay faults', () => {
  it('amavis-down: deferred on the relay at the hand-off to amavis, connection refused, exit 1', async () => {
    const r = await withFault('amavis-down', async () => {
      const sent = await sendInbound(marker('amavis-down'));
      return lab.traceUntil({ queueId: sent.queueId }, settled(1));
    });
    expect(r.exitCode).toBe(1);
    const m = r.messages[0]!;
    expect(m.ends).toHaveLength(1);
    expect(m.ends[0]).toMatchObject({ recipient: 'test1002@example.com', state: 'deferred', host: 'relay' });
    expect(m.ends[0]!.detail).toMatch(
      /^deferred on relay \(\w+\): connect to 127\.0\.0\.1\[127\.0\.0\.1\]:10024: .*; in the deferred queue on relay, next attempt \S+Z$/,
    );
    // the relay's spool holds it in the deferred queue, its file's mtime the next attempt (minutes ahead)
    expect(m.ends[0]).toMatchObject({ queue: 'deferred', queueId: r.query.queueId });
    expect(m.ends[0]!.nextAttempt).toBeGreaterThan(Date.now() - 60_000);
    const last = m.hops.filter((h) => h.status?.startsWith('deferred'));
    expect(last.map((h) => `${h.host} ${h.step}`)).toEqual([
      'relay smtp: to <test1002@example.com> -> (no connection)',
    ]);
    expect(m.hops.some((h) => h.host !== 'relay')).toBe(false);
  });

  it('clamd-down: amavis passes the message UNCHECKED, the trace shows the failed scanner and both ends', async () => {
    const r = await withFault('clamd-down', async () => {
      const sent = await sendInbound(marker('clamd-down'));
      return lab.traceUntil({ queueId: sent.queueId }, settled(2));
    });
    const m = r.messages[0]!;
    const amavis = m.hops.filter((h) => h.step.startsWith('amavis:')).map((h) => `${h.step} | ${h.status}`);
    expect(
      amavis.some((s) => /^amavis: Passed UNCHECKED .*; not virus-scanned$/.test(s)),
      amavis.join('\n'),
    ).toBe(true);
    expect(
      amavis.some((s) => /av-scanner FAILED \| .*clamd/i.test(s)),
      amavis.join('\n'),
    ).toBe(true);
    expect(m.ends.map((e) => `${e.recipient} ${e.state}`).sort()).toEqual([
      'test1002@example.com delivered',
      'test1002@serverb.example.com delivered',
    ]);
  });
});
