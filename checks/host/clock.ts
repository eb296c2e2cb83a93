// host/clock: the host's clock against this machine's; Kerberos fails past 300 s of skew.
import type { Check } from '../../src/core/check.js';
import { crit, unknown, type Outcome } from '../../src/core/result.js';
import { evaluate } from '../../src/core/thresholds.js';
import { measureClockOffset } from '../../src/unix/clock-offset.js';
import { thresholds } from '../../src/checkkit/thresholds.js';

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
    const measured = await measureClockOffset((argv) => ctx.exec(argv));
    if ('error' in measured) {
      if (measured.timedOut)
        return crit(`date -u on ${ctx.host.name} did not return in time (expected a timestamp within a second)`);
      return unknown(`cannot read the clock of ${ctx.host.name}: ${measured.error}`);
    }
    const offset = measured.offsetMs / 1000;
    const rtt = measured.rttMs / 1000;
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
