// `logs --user`: a login or an address -> every form the user's mail takes in the logs. From AD: sAMAccountName,
// mail and proxyAddresses ("smtp:"/"SMTP:" taken off, X500: and the like left out). Derived: the archive copy's
// `local@serverb.example.com` (the relay's duplicate_mail) and the Sent Items copy's `login+Sent Items@domain`
// (server B's adcopyfix result_format; `+sent_items` where cyrus 3 refuses the space). The bare login is in the list
// too: it matches cyrus' `user.LOGIN` mailboxes and `<login+anything@` in any domain.
import type { SiteConfig } from '../core/site.js';
import type { Transport } from '../core/transport.js';
import { escapeFilterValue } from '../ox/ldap-filter.js';
import { allValues, withAdClient } from '../protocols/ad-directory.js';

export const ARCHIVE_DOMAIN = 'serverb.example.com'; // the seed's recipient_bcc_maps target
const SENT_FOLDERS = ['Sent Items', 'sent_items'];
const AD_TIMEOUT_MS = 5000;

export interface UserAddressOptions {
  readonly via?: Transport; // reach AD from this host's point of view (a tunnel), as the checks do
  readonly onWarning?: (text: string) => void; // AD not reachable or the user not found: one line
}

export async function userAddresses(
  site: SiteConfig,
  loginOrAddress: string,
  signal?: AbortSignal,
  options: UserAddressOptions = {},
): Promise<string[]> {
  const given = loginOrAddress.trim();
  let found: { login?: string; addresses: string[] } = { addresses: [] };
  try {
    found = await lookUp(site, given, signal, options.via);
    if (!found.login && found.addresses.length === 0) options.onWarning?.(`AD knows no user or address '${given}'`);
  } catch (err) {
    options.onWarning?.(`AD not asked (${err instanceof Error ? err.message : String(err)}); using '${given}' alone`);
  }
  return addressForms(given, found.login, found.addresses);
}

// The list from what is known, without AD: usable alone when AD is down.
export function addressForms(given: string, login: string | undefined, adAddresses: readonly string[]): string[] {
  const addresses = [...adAddresses];
  if (given.includes('@')) addresses.push(given);
  const logins = [login ?? (given.includes('@') ? undefined : given)].filter((l): l is string => !!l);
  const locals = addresses.map((a) => a.slice(0, a.lastIndexOf('@')));
  const domains = addresses.map((a) => a.slice(a.lastIndexOf('@') + 1));
  const forms = [
    ...logins,
    ...addresses,
    ...[...locals, ...logins].map((l) => `${l}@${ARCHIVE_DOMAIN}`),
    ...logins.flatMap((l) => domains.flatMap((d) => SENT_FOLDERS.map((f) => `${l}+${f}@${d}`))),
  ];
  const seen = new Set<string>();
  return forms.filter((f) => {
    const key = f.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function lookUp(
  site: SiteConfig,
  given: string,
  signal: AbortSignal | undefined,
  via: Transport | undefined,
): Promise<{ login?: string; addresses: string[] }> {
  return withAdClient({ site, via, signal, timeoutMs: AD_TIMEOUT_MS }, async (client) => {
    const v = escapeFilterValue(given);
    const filter = given.includes('@')
      ? `(|(mail=${v})(proxyAddresses=smtp:${v})(userPrincipalName=${v}))`
      : `(|(sAMAccountName=${v})(mailNickname=${v}))`;
    const { searchEntries } = await client.search(site.endpoints.ldap!.baseDn, {
      scope: 'sub',
      filter: `(&(|(objectClass=user)(objectClass=contact))${filter})`,
      attributes: ['sAMAccountName', 'mailNickname', 'mail', 'proxyAddresses'],
      sizeLimit: 10,
    });
    let login: string | undefined;
    const addresses: string[] = [];
    for (const entry of searchEntries) {
      login ??= allValues(entry, 'sAMAccountName')[0] ?? allValues(entry, 'mailNickname')[0];
      addresses.push(...allValues(entry, 'mail'));
      for (const p of allValues(entry, 'proxyAddresses')) if (/^smtp:/i.test(p)) addresses.push(p.slice(5));
    }
    return { login, addresses };
  });
}
