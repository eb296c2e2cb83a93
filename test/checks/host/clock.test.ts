import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clockCheck } from '../../../checks/host/clock.js';
import { LocalTransport } from '../../../src/transport/local.js';
import type { ExecOptions, Transport } from '../../../src/transport/types.js';
import { makeContext } from '../../helpers/context.js';

const FAKETIME_LIB = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';

// The local machine, with every command run under libfaketime shifted by `offset` (e.g. "+400s").
function skewed(offset: string): Transport {
  const inner = new LocalTransport('skewed');
  return Object.assign(Object.create(inner) as Transport, {
    exec: (argv: readonly string[], options: ExecOptions = {}) =>
      inner.exec(argv, {
        ...options,
        env: { ...options.env, LD_PRELOAD: FAKETIME_LIB, FAKETIME: offset, DONT_FAKE_MONOTONIC: '1' },
      }),
  });
}

describe('host/clock', () => {
  it('is OK with an offset metric near zero on this machine', async () => {
    const outcome = await clockCheck.run(makeContext());
    expect(outcome.status).toBe('ok');
    const offset = outcome.metrics?.find((m) => m.label === 'offset');
    expect(Math.abs(offset?.value ?? 99)).toBeLessThan(1);
    expect(offset?.warn).toBe('-60:60');
    expect(outcome.summary).toMatch(/expected within 60 s/);
  });

  // As in a busy sweep: the first command waits 1.5 s for an SSH channel before `date` runs.
  it('keeps the sample with the shortest round trip, so a queued first command does not skew the offset', async () => {
    const inner = new LocalTransport('busy');
    let calls = 0;
    const busy = Object.assign(Object.create(inner) as Transport, {
      exec: async (argv: readonly string[], options: ExecOptions = {}) => {
        if (calls++ === 0) await new Promise((r) => setTimeout(r, 1500));
        return inner.exec(argv, options);
      },
    });
    const outcome = await clockCheck.run(makeContext({ transport: busy }));
    const offset = outcome.metrics?.find((m) => m.label === 'offset')?.value ?? 99;
    const rtt = outcome.metrics?.find((m) => m.label === 'rtt')?.value ?? 99;
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(rtt).toBeLessThan(1);
    expect(Math.abs(offset)).toBeLessThan(0.5); // one sample alone would say about 0.75 s
  });

  describe.skipIf(!existsSync(FAKETIME_LIB))('with a skewed clock (libfaketime)', () => {
    it('warns at 120 s ahead', async () => {
      const outcome = await clockCheck.run(makeContext({ transport: skewed('+120s') }));
      // catches: clock drifting past the warn threshold (60 s) of oxdoctor's clock
      expect(outcome.status).toBe('warn');
      expect(outcome.summary).toMatch(/is 1[12]\d(\.\d+)? s ahead of/);
    });

    it('is CRIT past the Kerberos limit, in either direction, with a hint naming Kerberos', async () => {
      for (const offset of ['+400s', '-400s']) {
        const outcome = await clockCheck.run(makeContext({ transport: skewed(offset) }));
        // catches: clock skew past the Kerberos limit (300 s), ahead or behind
        expect(outcome.status).toBe('crit');
        expect(outcome.hint).toMatch(/Kerberos/);
      }
    });

    it('takes thresholds from the site config', async () => {
      const site = { thresholds: { 'clock.offsetSeconds': { warn: '5', crit: '10' } } };
      const outcome = await clockCheck.run(makeContext({ transport: skewed('+30s'), site }));
      expect(outcome.status).toBe('crit');
    });
  });
});
