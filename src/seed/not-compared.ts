// Options the seed sets that seed-drift deliberately does not compare, and why: they hold the site's own
// addresses, names and networks, are invitations to tune, or another check judges what they do.
import type { NotCompared } from './types.js';

const SITE = 'site-specific';

export const NOT_COMPARED: readonly NotCompared[] = [
  {
    source: 'main.cf',
    key: 'inet_interfaces',
    why: `${SITE} (a host may listen on chosen addresses); service/smtp probes the listeners`,
  },
  { source: 'main.cf', key: 'myhostname', why: `${SITE} hostname; postfix/archive-copy compares it with smtpcopy's` },
  {
    source: 'main.cf',
    key: 'relayhost',
    why: `${SITE} address (server A's VIP, Exchange); queue/depth shows what cannot leave`,
  },
  { source: 'main.cf', key: 'mynetworks', why: `${SITE} networks ("must be extended, if necessary")` },
  {
    source: 'main.cf',
    key: 'local_recipient_maps (proxy:unix:passwd.byname $alias_maps)',
    why: 'the seed text is garbled ("[ldap:/// ...]"); only its two ldap maps are compared (contains)',
  },
  { source: 'master.cf', key: 'smtpcopy -o myhostname', why: `${SITE} name; postfix/archive-copy proves it differs` },
  {
    source: 'master.cf',
    key: 'process limits and pipe argv',
    why: 'not -o options; service and pipeline checks run them',
  },
  {
    source: 'ldap-map',
    key: 'pcre tables, transport entries, adlocalrecipients query_filter, server_host, bind_dn, search_base',
    why: `${SITE} domains, addresses and DNs; routing/ldap-maps, postfix/archive-copy and sent-copy evaluate them`,
  },
  {
    source: 'imapd.conf',
    key: 'allowplainwithouttls',
    why: 'cyrus 3.x dropped it (allowplaintext covers both); mailbox/imap-login tests the login itself',
  },
  { source: 'amavisd.conf', key: '$max_servers', why: 'the seed invites raising it "if scanning becomes too slow"' },
  {
    source: 'amavisd.conf',
    key: '$mydomain, @local_domains_maps',
    why: `${SITE} domains ("might be necessary later to add further domain names")`,
  },
  {
    source: 'amavisd.conf',
    key: '$virus_admin, $mailfrom_notify_admin, $mailfrom_notify_recip, $mailfrom_notify_spamadmin',
    why: `${SITE} addresses`,
  },
  {
    source: 'ldapsync',
    key: 'ldapuri, binddn, userbasedn, groupbasedn, dontModifyUids, imapserver, smtpserver',
    why: `${SITE} servers, DNs and names; ox/listuser checks the users' IMAP server`,
  },
  {
    source: 'ldapsync',
    key: 'ldaptype',
    why: 'the seed wants ads and runs openldap only as a bug workaround; ox/sync-coverage judges the 1000-entry cap',
  },
  {
    source: 'krb5.conf',
    key: 'default_realm, [realms], [domain_realm]',
    why: `${SITE} realm and KDCs; identity/kinit uses them`,
  },
];
