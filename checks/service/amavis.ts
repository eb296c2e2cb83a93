// service/amavis: amavisd answers SMTP where postfix's content_filter sends mail (127.0.0.1:10024 in the seed).
import type { Check } from '../../src/core/check.js';
import { fromSteps } from '../../src/core/result.js';
import { masterCf } from '../../src/facts/master-cf.js';
import { postconf } from '../../src/facts/postconf.js';
import { openerFor } from '../../src/checkkit/probe.js';
import { smtpStep } from '../../src/checkkit/smtp-step.js';

export const DEFAULT_AMAVIS = { host: '127.0.0.1', port: 10024 };

export const amavisCheck: Check = {
  id: 'service/amavis',
  title: 'amavisd SMTP',
  roles: ['relay'],
  proves: 'amavisd answers EHLO on the address postfix hands mail to for scanning',
  catches: [
    'amavisd stopped, or listening elsewhere than content_filter says: connection refused',
    'amavisd accepts but never greets (all its children busy or hung)',
    'amavisd refuses the session with 421 in its greeting (shutting down)',
    'another program than amavisd answers on the filter port',
  ],
  misses: [
    'amavisd answers but clamd is down or its signatures old: scanning tempfails (service/clamd)',
    'the way back: re-injection listener missing, refusing or looping (postfix/handoffs, postfix/relay-filter)',
    'amavisd tempfails or rejects in DATA (no mail is sent; amavisd log, mailq deferrals: queue/depth)',
    'fewer amavisd children ($max_servers) than postfix smtp-amavis maxproc (not compared; amavisd.conf, master.cf)',
    'SpamAssassin rules stale or broken (not checked; amavisd log, sa-update, spamassassin --lint)',
  ],
  timeoutMs: 15_000,
  async run(ctx) {
    const [master, pc] = await Promise.all([masterCf(ctx), postconf(ctx)]);
    // The seed sets content_filter as -o on the smtp service; main.cf is the other place.
    const filters = [...master.services.map((s) => s.overrides.get('content_filter')), pc.get('content_filter')];
    const target =
      filters.map((f) => (f ? filterTarget(pc.expand(f)) : null)).find((t) => t !== null) ?? DEFAULT_AMAVIS;
    const address = `${target.host}:${target.port}`;
    const step = await smtpStep(ctx, {
      name: address,
      what: 'amavisd',
      service: 'amavisd',
      target: address,
      open: openerFor(ctx, target.host, target.port),
      anyName: true,
    });
    return fromSteps([step]);
  },
};

// "smtp-amavis:[127.0.0.1]:10024" -> 127.0.0.1:10024; null when the filter names no TCP next hop.
export function filterTarget(filter: string): { host: string; port: number } | null {
  const m = /:\[?([^\]:\s]+)\]?:(\d+)\s*$/.exec(filter.trim());
  if (!m?.[1] || !m[2]) return null;
  return { host: m[1] === 'localhost' ? '127.0.0.1' : m[1], port: Number(m[2]) };
}
