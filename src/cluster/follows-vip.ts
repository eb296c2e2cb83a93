// Which checks follow a cluster's VIP and which check every node, from the seed's server A: "chkconfig httpd on;
// all other services are under control of the RHEL cluster". Postfix, cyrus (with saslauthd), the configdb MySQL,
// the OX admin daemon, oxldapsync and the OX cron jobs run on the node holding the VIP; Apache and the OX
// groupware (each node its own AJP route, OX-1 and OX-2) run on both. Every check of the catalogue matches exactly
// one list (test/cluster/follows-vip.test.ts), so a new check is placed on purpose.

// A check id, or "group/*" for a whole group; `service` says what runs on the VIP's node instead.
export interface VipFollower {
  readonly checks: string;
  readonly service: string;
}

export const FOLLOWS_VIP: readonly VipFollower[] = [
  { checks: 'postfix/*', service: 'postfix' },
  { checks: 'queue/*', service: 'postfix' },
  { checks: 'routing/*', service: 'postfix' },
  { checks: 'service/smtp', service: 'postfix' },
  { checks: 'service/amavis', service: 'amavisd' },
  { checks: 'service/clamd', service: 'clamd' },
  { checks: 'service/imap', service: 'cyrus-imapd' },
  { checks: 'service/lmtp', service: 'cyrus-imapd' },
  { checks: 'service/sieve', service: 'cyrus-imapd' },
  { checks: 'mailbox/*', service: 'cyrus-imapd' },
  { checks: 'service/mysql', service: 'the configdb MySQL' },
  { checks: 'ox/listuser', service: 'the OX admin daemon' },
  { checks: 'ox/sync-coverage', service: 'oxldapsync' },
  { checks: 'ox/ldapsync-log', service: 'oxldapsync' },
  { checks: 'user/routing', service: 'postfix' },
  { checks: 'user/mailbox', service: 'cyrus-imapd' },
  { checks: 'user/ox', service: 'the OX admin daemon and oxldapsync' },
  { checks: 'user/queue', service: 'postfix' },
  { checks: 'user/activity', service: 'postfix and cyrus-imapd' },
  { checks: 'user/logins', service: 'cyrus-imapd' },
  { checks: 'cron/*', service: 'the OX cron jobs' },
  { checks: 'config/seed-drift', service: 'postfix and cyrus-imapd' },
];

// Checked on every node: the node itself, what runs on each (Apache, the OX groupware and its AJP route), and
// what each node needs to take over (AD LDAP and Kerberos reachable from it).
export const PER_NODE: readonly string[] = [
  'host/*',
  'service/http',
  'service/ajp',
  'service/ldap',
  'identity/kinit',
  'user/kerberos',
  'cluster/*',
];

export function matches(pattern: string, checkId: string): boolean {
  return pattern.endsWith('/*') ? checkId.startsWith(pattern.slice(0, -1)) : checkId === pattern;
}

// The entry a check follows the VIP by, or undefined when it runs on every node.
export function vipFollowerOf(checkId: string): VipFollower | undefined {
  return FOLLOWS_VIP.find((f) => matches(f.checks, checkId));
}
