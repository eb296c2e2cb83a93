// What the bundle takes from the site's config: every secret value it holds (to hide wherever it shows), the
// names --obfuscate replaces (hosts, their FQDNs, the mail and AD domains, the realm lower-cased, logins, the
// site's own addresses).
import { isIP } from 'node:net';
import { Secret } from '../../core/redact.js';
import type { SiteConfig } from '../../core/site.js';
import type { ObfuscationInput } from '../obfuscate.js';

// Every Secret anywhere in the config (LDAP bind, OX admin, imapAdmin, the test user), revealed for matching.
export function siteSecrets(site: SiteConfig): string[] {
  const out = new Set<string>();
  const seen = new Set<unknown>();
  const walk = (v: unknown): void => {
    if (v instanceof Secret) {
      const value = v.reveal();
      if (value !== '') out.add(value);
      return;
    }
    if (!v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    for (const x of Array.isArray(v) ? v : Object.values(v)) walk(x);
  };
  walk(site);
  return [...out];
}

// "DC=example,DC=com" -> "example.com"
function domainOfDn(dn: string): string | undefined {
  const parts = [...dn.matchAll(/\bDC=([^,]+)/gi)].map((m) => m[1]!.trim());
  return parts.length >= 2 ? parts.join('.').toLowerCase() : undefined;
}

// The address in "127.0.10.10:88", "ldap://127.0.10.10:389", "[fd00::10]:88", "127.0.10.2", else undefined.
export function addressIn(value: string): string | undefined {
  const bare = value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/.*$/, '');
  const v6 = /^\[([^\]]+)\]/.exec(bare)?.[1];
  const candidate = v6 ?? (isIP(bare) ? bare : bare.replace(/:\d+$/, ''));
  return isIP(candidate) ? candidate : undefined;
}

// fqdns: what each host calls itself (`hostname -f`), learned before anything is collected; mailboxOwners: the
// cyrus hosts' mailbox owners (the --obfuscate pre-pass).
export function obfuscationInput(
  site: SiteConfig,
  fqdns: readonly string[],
  mailboxOwners: Iterable<string> = [],
): ObfuscationInput {
  const domains = new Set<string>();
  const hostnames = new Set<string>();
  const users = new Set<string>();
  const addresses = new Set<string>();
  const address = (v: string | undefined): void => {
    const a = v === undefined ? undefined : addressIn(v);
    if (a) addresses.add(a);
  };
  for (const h of site.hosts) {
    hostnames.add(h.name);
    if (h.transport.kind === 'ssh' && /[a-z]/i.test(h.transport.ssh.hostname)) hostnames.add(h.transport.ssh.hostname);
    if (h.transport.kind === 'ssh') address(h.transport.ssh.hostname);
  }
  for (const c of Object.values(site.clusters ?? {})) address(c.vip);
  address(site.endpoints.ldap?.url);
  for (const kdc of site.endpoints.kerberos?.kdc ?? []) address(kdc);
  address(site.endpoints.exchange?.host);
  address(site.endpoints.vip?.imap);
  address(site.endpoints.vip?.smtp);
  for (const f of fqdns) if (/^[A-Za-z0-9.-]+$/.test(f)) hostnames.add(f);
  const ldap = site.endpoints.ldap;
  if (ldap) {
    const d = domainOfDn(ldap.baseDn);
    if (d) domains.add(d);
    const bindCn = /^CN=([^,]+)/i.exec(ldap.bindDn ?? '')?.[1];
    if (bindCn) users.add(bindCn);
  }
  const realm = site.endpoints.kerberos?.realm;
  if (realm) domains.add(realm.toLowerCase());
  const exchange = site.endpoints.exchange?.host;
  if (exchange && /[a-z]/i.test(exchange)) hostnames.add(exchange);
  if (site.testUser) {
    users.add(site.testUser.login);
    const at = site.testUser.address.lastIndexOf('@');
    if (at > 0) {
      users.add(site.testUser.address.slice(0, at));
      domains.add(site.testUser.address.slice(at + 1));
    }
  }
  if (site.ox) users.add(site.ox.admin);
  if (site.imapAdmin) users.add(site.imapAdmin.login);
  for (const u of mailboxOwners) users.add(u);
  return { domains, hostnames, users, addresses };
}
