// host/clock: the host's clock against this machine's; Kerberos fails past 300 s of skew.
import type { Check } from '../../src/core/check.js';
import { crit, unknown, type Outcome } from '../../src/core/result.js';
import { evaluate } from '../../src/core/thresholds.js';
import { parseEpoch } from '../../src/checkkit/epoch.js';
import { thresholds } from '../../src/checkkit/thresholds.js';

const SAMPLES = 3;
const GOOD_RTT_S = 0.2;

export const clockCheck: Check = {
  id: 'host/clock',
  title: 'Clock offset',
  roles: 'all',
  proves: 'the host clock is within the Kerberos skew limit of the clock oxdoctor runs on',
  catches: [
    "clock drifting past the warn threshold (60 s) of oxdoctor's clock",
    'clock skew past the Kerberos limit (300 s), ahead or behind',
  ],
  misses: [
    'ntpd/chronyd stopped while the clock is still close (not checked; ntpq -p or chronyc tracking on the host)',
    'skew between the host and the KDC rather than oxdoctor\'s machine (identity/kinit names "clock skew too great")',
    "oxdoctor's own clock wrong: every host looks skewed the same way (compare with an NTP server: ntpdate -q)",
    'wrong time zone with a correct UTC clock (not checked; date and /etc/sysconfig/clock on the host)',
  ],
  timeoutMs: 10_000,
  async run(ctx) {
    // NTP's minimum-delay filter: in a busy sweep the first round trip may include waiting for an SSH
    // channel, which skews the offset by up to half of it; keep the sample with the shortest round trip.
    let best: { offset: number; rtt: number } | null = null;
    for (let i = 0; i < SAMPLES && (best === null || best.rtt > GOOD_RTT_S); i++) {
      const before = Date.now();
      const r = await ctx.exec(['date', '-u', '+%s.%N']);
      const after = Date.now();
      if (r.timedOut)
        return crit(`date -u on ${ctx.host.name} did not return in time (expected a timestamp within a second)`);
      const remote = parseEpoch(r.stdout);
      if (r.code !== 0 || remote === null) {
        return unknown(
          `cannot read the clock of ${ctx.host.name}: date -u printed ${JSON.stringify(r.stdout.trim() || r.stderr.trim())}`,
        );
      }
      // The remote clock was read somewhere inside the round trip; its middle is the best guess.
      const sample = { offset: round(remote - (before + after) / 2000), rtt: round((after - before) / 1000) };
      if (best === null || sample.rtt < best.rtt) best = sample;
    }
    const { offset, rtt } = best!;
    const configured = thresholds(ctx, 'clock.offsetSeconds', { warn: '60', crit: '300' });
    const limits = symmetric(configured);
    const status = evaluate(offset, limits.warn, limits.crit);
    const direction = offset >= 0 ? 'ahead of' : 'behind';
    const summary = `${ctx.host.name} is ${Math.abs(offset)} s ${direction} oxdoctor's clock (expected within ${configured.warn} s; round trip ${rtt} s)`;
    const outcome: Outcome = {
      status,
      summary,
      metrics: [
        { label: 'offset', value: offset, unit: 's', warn: limits.warn, crit: limits.crit },
        { label: 'rtt', value: rtt, unit: 's', min: 0 },
      ],
    };
    if (status === 'ok') return outcome;
    return {
      ...outcome,
      hint:
        status === 'crit'
          ? `Kerberos (kinit, IMAP/SMTP/sieve logins) fails past 300 s of skew: sync ${ctx.host.name} with NTP (ntpdate/chronyd) now`
          : `the clock drifts: check ntpd/chronyd on ${ctx.host.name} before it reaches the 300 s Kerberos limit`,
    };
  },
};

// A bare number N means "within N seconds either way", i.e. the range -N:N.
function symmetric(pair: { warn: string; crit: string }): { warn: string; crit: string } {
  const widen = (r: string) => (/^\d+(\.\d+)?$/.test(r.trim()) ? `-${r.trim()}:${r.trim()}` : r);
  return { warn: widen(pair.warn), crit: widen(pair.crit) };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
