// `logs --user`: a login or an address -> every form the user's mail takes in the logs. From AD: sAMAccountName,
// mail and proxyAddresses ("smtp:"/"SMTP:" taken off, X500: and the like left out). Derived: the archive copy's
// `local@serverb.example.com` (the relay's duplicate_mail) and the Sent Items copy's `login+Sent Items@domain`
// (server B's adcopyfix result_format; `+sent_items` where cyrus 3 refuses the space). The bare login is in the list
// too: it matches cyrus' `user.LOGIN` mailboxes and `<login+anything@` in any domain.
import { Client } from 'ldapts';
import type { SiteConfig } from '../core/site.js';
import type { Transport } from '../core/transport.js';
import { escapeFilterValue } from '../ox/ldap-filter.js';

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
  const endpoint = site.endpoints.ldap;
  if (!endpoint) throw new Error('no AD LDAP endpoint in the config (endpoints.ldap)');
  const url = new URL(endpoint.url);
  const secure = url.protocol === 'ldaps:';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port ? Number(url.port) : secure ? 636 : 389;
  const tunnel = via ? await via.tunnel(host, port) : undefined;
  const client = new Client({
    url: `${secure ? 'ldaps' : 'ldap'}://${tunnel ? `127.0.0.1:${tunnel.port}` : `${url.host}`}`,
    timeout: AD_TIMEOUT_MS,
    connectTimeout: AD_TIMEOUT_MS,
    ...(secure ? { tlsOptions: { servername: host } } : {}),
  });
  const abort = () => void client.unbind().catch(() => undefined);
  signal?.addEventListener('abort', abort, { once: true });
  try {
    await client.bind(endpoint.bindDn ?? '', endpoint.bindPassword?.reveal() ?? '');
    const v = escapeFilterValue(given);
    const filter = given.includes('@')
      ? `(|(mail=${v})(proxyAddresses=smtp:${v})(userPrincipalName=${v}))`
      : `(|(sAMAccountName=${v})(mailNickname=${v}))`;
    const { searchEntries } = await client.search(endpoint.baseDn, {
      scope: 'sub',
      filter: `(&(|(objectClass=user)(objectClass=contact))${filter})`,
      attributes: ['sAMAccountName', 'mailNickname', 'mail', 'proxyAddresses'],
      sizeLimit: 10,
    });
    let login: string | undefined;
    const addresses: string[] = [];
    for (const entry of searchEntries) {
      login ??= values(entry, 'sAMAccountName')[0] ?? values(entry, 'mailNickname')[0];
      addresses.push(...values(entry, 'mail'));
      for (const p of values(entry, 'proxyAddresses')) if (/^smtp:/i.test(p)) addresses.push(p.slice(5));
    }
    return { login, addresses };
  } finally {
    signal?.removeEventListener('abort', abort);
    await client.unbind().catch(() => undefined);
    await tunnel?.close();
  }
}

function values(entry: Record<string, unknown>, attribute: string): string[] {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
  const v = key === undefined ? [] : entry[key];
  return (Array.isArray(v) ? v : [v])
    .filter((x) => x !== undefined && x !== null)
    .map((x) => (Buffer.isBuffer(x) ? x.toString('utf8') : String(x)));
}
