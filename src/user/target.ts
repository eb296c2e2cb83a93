// The user `oxdoctor user` follows, as every probe of it sees it: who AD says it is, its addresses, and the password
// only when the engineer gave one (--password-stdin or the prompt); a probe never puts it in argv, output or evidence.
import type { Secret } from '../core/redact.js';
import type { SiteConfig } from '../core/site.js';
import type { AdUserEntry } from './ad-entry.js';
import type { ForwardingContact, UserIdentity } from './identity.js';

export interface UserTarget {
  readonly query: string; // as typed
  readonly login: string; // sAMAccountName: the IMAP login, OX's username, the Kerberos principal's name
  readonly addresses: readonly string[]; // lower case, unique: mail first, then every smtp: proxy address
  readonly primary: string | undefined; // mail
  readonly entry: AdUserEntry;
  readonly exchangeMailbox: boolean; // mail outside the OX mail domain: the mailbox is in Exchange
  readonly forwardingContacts: readonly ForwardingContact[];
  readonly password?: Secret; // registered with the redactor on creation
}

export type FoundUser = Extract<UserIdentity, { kind: 'found' }>;

export function targetOf(found: FoundUser, password?: Secret): UserTarget {
  const { entry } = found;
  const addresses = [...new Set(entry.smtpAddresses.map((a) => a.toLowerCase()))];
  return {
    query: found.query,
    login: entry.sAMAccountName ?? found.query,
    addresses,
    primary: entry.mail?.toLowerCase(),
    entry,
    exchangeMailbox: found.exchangeMailbox,
    forwardingContacts: found.forwardingContacts,
    ...(password === undefined ? {} : { password }),
  };
}

// The site as the catalogue's user checks see it (identity/kinit, mailbox/*, ox/listuser, routing/ldap-maps ...):
// this user in place of the configured test user, with the given password or none (then mailbox checks log in as
// the configured imapAdmin on the user's behalf).
export function siteForUser(site: SiteConfig, target: UserTarget): SiteConfig {
  const address = target.primary ?? target.addresses[0] ?? `${target.login}@invalid`;
  return {
    ...site,
    testUser: { login: target.login, address, ...(target.password ? { password: target.password } : {}) },
  };
}
