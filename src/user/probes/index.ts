// What the sweep of `oxdoctor user` runs: the catalogue's checks that follow the configured test user, re-run with
// this user in its place (siteForUser), the services on the user's path, and the user's own probes (user/*).
import type { Check } from '../../core/check.js';
import type { UserTarget } from '../target.js';

// Catalogue checks on the user's path. Left out, because a probe does their work for this user: ox/listuser and
// ox/sync-coverage (user/ox; sync-coverage lists every user), routing/ldap-maps,
// postfix/handoffs, postfix/archive-copy and postfix/sent-copy (user/routing: for this user's addresses, each hand-off
// checked at the receiving end), mailbox/folders and mailbox/sent-acl (user/mailbox reads
// as the admin itself: their proxy login as the user makes cyrus autocreate a mailbox that does not exist).
const PATH_CHECKS = [
  'host/ssh',
  'service/smtp',
  'service/amavis',
  'service/clamd',
  'postfix/relay-filter',
  'postfix/pipeline',
  'service/lmtp',
  'service/imap',
  'service/sieve',
  'ox/ldapsync-log',
];
// identity/kinit and mailbox/imap-login run inside user/kerberos and user/logins (with the KDC's reason for a refusal).
const PASSWORD_CHECKS = ['mailbox/sieve-script'];
const ADMIN_CHECKS: string[] = [];

export type ProbeFactory = (target: UserTarget) => Check;

export interface UserCheckOptions {
  readonly hasPassword: boolean;
  readonly hasImapAdmin: boolean;
  readonly probes: readonly ProbeFactory[];
}

export function userChecks(target: UserTarget, catalogue: readonly Check[], options: UserCheckOptions): Check[] {
  const ids = new Set([
    ...PATH_CHECKS,
    ...(options.hasPassword ? PASSWORD_CHECKS : []),
    ...(!options.hasPassword && options.hasImapAdmin ? ADMIN_CHECKS : []),
  ]);
  return [...catalogue.filter((c) => ids.has(c.id)), ...options.probes.map((make) => make(target))];
}

// The user probes, in path order; each file is src/user/probes/<name>.ts.
export async function loadProbes(): Promise<ProbeFactory[]> {
  const [routing, kerberos, logins, mailbox, ox, queue, activity] = await Promise.all([
    import('./routing.js'),
    import('./kerberos.js'),
    import('./logins.js'),
    import('./mailbox.js'),
    import('./ox.js'),
    import('./queue.js'),
    import('./activity.js'),
  ]);
  return [
    routing.routingProbe,
    kerberos.kerberosProbe,
    logins.loginsProbe,
    mailbox.mailboxProbe,
    ox.oxProbe,
    queue.queueProbe,
    activity.activityProbe,
  ];
}
