// The sender domains AD knows: domains of the mail and smtp: proxyAddresses values of the users OX syncs.
import type { CheckContext } from '../../../src/core/check.js';
import { withAd } from '../../../src/protocols/ad-directory.js';
import { syncSetups } from '../../../src/facts/sync-confs.js';

export interface AdDomains {
  readonly users: ReadonlyMap<string, number>; // domain (lower case) -> users with an address there
  readonly filter: string;
}

const ANY_USER = '(objectClass=user)';

// Users the host's oxldapsync confs select (they send through OX), else every AD user.
export async function adSenderDomains(ctx: CheckContext): Promise<AdDomains> {
  const filters = (await syncSetups(ctx)).map((s) => s.conf.get('userfilter')).filter((f): f is string => !!f);
  const userFilter = filters.length === 0 ? ANY_USER : filters.length === 1 ? filters[0]! : `(|${filters.join('')})`;
  const filter = `(&${wrap(userFilter)}(|(mail=*)(proxyAddresses=*)))`;
  return withAd(ctx, async (client, ad) => {
    const users = new Map<string, number>();
    let entries = 0;
    for await (const page of client.searchPaginated(ad.baseDn, {
      scope: 'sub',
      filter,
      attributes: ['mail', 'proxyAddresses'],
      paged: { pageSize: 500 },
    })) {
      for (const entry of page.searchEntries) {
        entries++;
        for (const domain of domainsOf(entry)) users.set(domain, (users.get(domain) ?? 0) + 1);
      }
    }
    const list = [...users].map(([d, n]) => `${d} (${n})`).join(', ');
    ctx.record(
      `LDAP paged search ${ad.target}`,
      `base ${ad.baseDn} scope sub filter ${filter}: ${entries} users; domains: ${list || 'none'}`,
    );
    return { users, filter };
  });
}

// Domains of one entry's mail and SMTP/smtp proxyAddresses (X500:, SIP: ... are not mail addresses).
export function domainsOf(entry: Record<string, unknown>): Set<string> {
  const domains = new Set<string>();
  for (const [attribute, raw] of Object.entries(entry)) {
    const name = attribute.toLowerCase();
    if (name !== 'mail' && name !== 'proxyaddresses') continue;
    for (const v of Array.isArray(raw) ? raw : [raw]) {
      const text = Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
      const address = name === 'mail' ? text : /^smtp:(.*)$/i.exec(text)?.[1];
      const at = address?.lastIndexOf('@') ?? -1;
      if (address && at > 0 && at < address.length - 1) domains.add(address.slice(at + 1).toLowerCase());
    }
  }
  return domains;
}

function wrap(filter: string): string {
  const f = filter.trim();
  return f.startsWith('(') ? f : `(${f})`;
}
