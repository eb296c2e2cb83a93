// The seed's LDAP map definitions (adlocalrecipients, exchrecipients, adcopyfix) and its /etc/krb5.conf.
import type { Role } from '../core/host.js';
import type { Comparison, SeedSetting } from './types.js';

const BOTH: readonly Role[] = ['groupware', 'archive'];

function map(
  roles: readonly Role[],
  file: string,
  key: string,
  expected: string,
  comparison: Comparison,
  risk: string,
  reason: string,
): SeedSetting {
  return {
    id: `ldap-map/${file}/${key}`,
    roles,
    source: 'ldap-map',
    file,
    key,
    expected,
    comparison,
    severity: 'crit',
    risk,
    reason,
  };
}

function krb5(key: string, expected: string, comparison: Comparison, risk: string): SeedSetting {
  const reason = "the seed's /etc/krb5.conf [libdefaults] (the complete Kerberos configuration)";
  return {
    id: `krb5.conf/${key}`,
    roles: BOTH,
    source: 'krb5.conf',
    key,
    expected,
    comparison,
    severity: 'warn',
    risk,
    reason,
  };
}

const EXCH = 'looking for every user in ADS that can receive mail, delivered to Open-Xchange or Exchange';
const COPYFIX =
  'if the sender has an address in mail or proxyAddresses, use samaccountname and append the Sent Items folder';

export const MAP_SETTINGS: readonly SeedSetting[] = [
  map(
    BOTH,
    'adlocalrecipients',
    'result_attribute',
    'mailNickname',
    'ci',
    'users with an Exchange mailbox resolve to another attribute, not their OX account',
    'as result of the lookup, mailNickname is used: the numeric account name',
  ),
  map(
    BOTH,
    'exchrecipients',
    'query_filter',
    '(&(objectclass=user)(|(mail=%s)(proxyaddresses=smtp:%s)))',
    'ci',
    'AD recipients are not found: their mail is rejected or goes to Exchange',
    EXCH,
  ),
  map(BOTH, 'exchrecipients', 'result_attribute', 'mail', 'ci', 'recipients resolve to another address', EXCH),
  map(
    ['archive'],
    'adcopyfix',
    'query_filter',
    '(&(objectclass=user)(|(mail=%u@*)(proxyaddresses=smtp:%u@*)))',
    'ci',
    'senders are not found: sent copies land in INBOX, where ipurge deletes them after 7 days',
    COPYFIX,
  ),
  map(
    ['archive'],
    'adcopyfix',
    'result_attribute',
    'samaccountname',
    'ci',
    'sent copies go to another mailbox name',
    COPYFIX,
  ),
  // The domain after "@" is the site's; the folder part is the seed's intent.
  map(
    ['archive'],
    'adcopyfix',
    'result_format',
    '%s+Sent Items@',
    'substring',
    'sent copies are not filed into Sent Items: they land in INBOX, where ipurge deletes them after 7 days',
    COPYFIX,
  ),
];

export const KRB5_SETTINGS: readonly SeedSetting[] = [
  krb5('dns_lookup_realm', 'false', 'switch', 'realms are looked up in DNS'),
  krb5('dns_lookup_kdc', 'true', 'switch', 'KDCs not listed in krb5.conf are not found through DNS'),
  krb5('ticket_lifetime', '24h', 'exact', 'tickets last another time'),
  krb5('forwardable', 'yes', 'switch', 'tickets are not forwardable'),
];
