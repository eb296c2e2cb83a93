// The content filters a host's postfix hands mail to (main.cf content_filter and every master.cf -o
// content_filter): a deferral at one of them is the filter (amavis) down, not a mail server.
import type { CheckContext } from '../../core/check.js';
import { masterCf } from '../../facts/master-cf.js';
import { postconf } from '../../facts/postconf.js';
import { parseNextHop, type NextHop } from '../../postfix/content-filter.js';
import { hopAddress } from '../../postfix/queue-reason.js';

export async function contentFilters(ctx: CheckContext): Promise<NextHop[]> {
  const [pc, master] = await Promise.all([postconf(ctx), masterCf(ctx)]);
  const values = [
    pc.get('content_filter') ?? '',
    ...master.services.map((s) => s.overrides.get('content_filter') ?? ''),
  ];
  const hops = values.map(parseNextHop).filter((h): h is NextHop => h !== null && h.host !== undefined);
  return hops.filter((h, i) => hops.findIndex((o) => o.transport === h.transport && o.nexthop === h.nexthop) === i);
}

// The filter a queue reason's next hop ("127.0.0.1[127.0.0.1]:10024") is, if any.
export function filterAt(filters: readonly NextHop[], nextHop: string): NextHop | undefined {
  if (nextHop === '') return undefined;
  const { host, port } = hopAddress(nextHop);
  return filters.find((f) => f.host === host && (port === undefined || f.port === undefined || f.port === port));
}
