// `oxdoctor user`, who the user is: the AD user entry found by sAMAccountName, userPrincipalName, mail or an smtp:
// proxy address (every value escaped per RFC 4515), and for a user with an Exchange mailbox the forwarding contact
// the seed's adlocalrecipients map finds (its mailNickname must be the login).
import { escapeFilterValue } from '../ox/ldap-filter.js';
import { firstValue, withAdClient, type AdReach } from '../protocols/ad-directory.js';
import { AD_USER_ATTRIBUTES, parseAdUserEntry, type AdUserEntry } from './ad-entry.js';

// The seed's OX mail domain: adlocalrecipients' query_filter asks for contacts with mail=*@oxmail.example.com.
export const SEED_OX_MAIL_DOMAIN = 'oxmail.example.com';
const MAX_CANDIDATES = 10;

export interface ForwardingContact {
  readonly dn: string;
  readonly mail: string | undefined;
  readonly mailNickname: string | undefined;
  readonly nicknameIsLogin: boolean; // the seed: mailNickname is the login (sAMAccountName)
}

export type UserIdentity =
  | {
      readonly kind: 'found';
      readonly query: string;
      readonly entry: AdUserEntry;
      // mail outside the OX mail domain: the mailbox is in Exchange and mail for OX goes through a contact
      readonly exchangeMailbox: boolean;
      readonly forwardingContacts: readonly ForwardingContact[];
    }
  | { readonly kind: 'ambiguous'; readonly query: string; readonly candidates: readonly AdUserEntry[] }
  | { readonly kind: 'not-found'; readonly query: string; readonly summary: string };

export interface FindUserOptions {
  readonly oxMailDomain?: string;
  readonly now?: Date;
}

// The user filter for a login or an address; exported for tests of the escaping.
export function userFilter(loginOrAddress: string): string {
  const v = escapeFilterValue(loginOrAddress);
  const byName = `(sAMAccountName=${v})(userPrincipalName=${v})`;
  const byAddress = `(mail=${v})(proxyAddresses=smtp:${v})`;
  return `(&(objectClass=user)(|${byName}${loginOrAddress.includes('@') ? byAddress : ''}))`;
}

// The seed's adlocalrecipients query for the local part: contacts in the OX mail domain carrying it as smtp: proxy.
export function forwardingContactFilter(localPart: string, oxMailDomain: string): string {
  const local = escapeFilterValue(localPart);
  return `(&(objectClass=contact)(mail=*@${escapeFilterValue(oxMailDomain)})(proxyAddresses=smtp:${local}@*))`;
}

// Throws AdUnavailable when AD cannot be bound; every other outcome is a UserIdentity.
export async function findUser(
  reach: AdReach,
  loginOrAddress: string,
  options: FindUserOptions = {},
): Promise<UserIdentity> {
  const query = loginOrAddress.trim();
  const oxMailDomain = options.oxMailDomain ?? SEED_OX_MAIL_DOMAIN;
  if (query === '') return { kind: 'not-found', query, summary: 'no login or address given' };
  return withAdClient(reach, async (client, ad) => {
    const { searchEntries } = await client.search(ad.baseDn, {
      scope: 'sub',
      filter: userFilter(query),
      attributes: AD_USER_ATTRIBUTES,
      sizeLimit: MAX_CANDIDATES,
    });
    const entries = searchEntries.map((e) => parseAdUserEntry(e, options.now));
    if (entries.length === 0)
      return { kind: 'not-found', query, summary: `AD (${ad.target}) has no user with login or address '${query}'` };
    if (entries.length > 1) return { kind: 'ambiguous', query, candidates: entries };
    const entry = entries[0]!;
    const domain = entry.mail?.slice(entry.mail.lastIndexOf('@') + 1).toLowerCase();
    const exchangeMailbox = !!domain && domain !== oxMailDomain.toLowerCase();
    const local = entry.mail?.slice(0, entry.mail.lastIndexOf('@'));
    const contacts = !local
      ? []
      : (
          await client.search(ad.baseDn, {
            scope: 'sub',
            filter: forwardingContactFilter(local, oxMailDomain),
            attributes: ['mail', 'mailNickname'],
            sizeLimit: MAX_CANDIDATES,
          })
        ).searchEntries.map((c) => contactOf(c, entry.sAMAccountName));
    return { kind: 'found', query, entry, exchangeMailbox, forwardingContacts: contacts };
  });
}

function contactOf(c: Record<string, unknown> & { dn: string }, login: string | undefined): ForwardingContact {
  const mailNickname = firstValue(c, 'mailNickname');
  return {
    dn: c.dn,
    mail: firstValue(c, 'mail'),
    mailNickname,
    nicknameIsLogin: !!login && mailNickname?.toLowerCase() === login.toLowerCase(),
  };
}
