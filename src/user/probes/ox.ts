// user/ox: the user in OX on each groupware host: the listuser record against AD and the sync conf that covers
// the user (class and module access, addresses, IMAP login and server, SMTP server), and what the last sync run
// of that conf says about it. Read-only: listuser (the login as one argv element, the admin password in the
// environment), base-scope AD searches of the user's own DN, and the sync log read whole and matched here.
import type { Check, CheckContext } from '../../core/check.js';
import { fromSteps, unknown, type Metric, type Outcome, type Step } from '../../core/result.js';
import { listuser } from '../../checkkit/listuser.js';
import { onVipHolder } from '../../cluster/standby.js';
import { syncSetups, SYNC_CONF_PATHS } from '../../facts/sync-confs.js';
import { field, type OxUser } from '../../ox/listuser-csv.js';
import type { UserTarget } from '../target.js';
import { userRecordEvents } from '../ox/admin-records.js';
import { coverageOf, type ConfCoverage } from '../ox/coverage.js';
import { aClass, compareRecord } from '../ox/record.js';
import { ageText, readUserSyncLog, type UserSyncLog } from '../ox/sync-log.js';
import { seedServer, seedServerStep } from '../ox/seed-server.js';
import { coverageStep, missingStep, syncStep, uncoveredStep, type Where } from '../ox/verdicts.js';

export function oxProbe(target: UserTarget): Check {
  return {
    id: 'user/ox',
    title: `OX: ${target.login}`,
    roles: ['groupware'],
    proves:
      'listuser holds the user as the sync conf that covers it in AD makes it (class and module access, ' +
      "addresses, IMAP login and server, SMTP server), or rightly not at all, and the conf's last sync run saw it",
    catches: [
      'user missing from OX though a sync conf covers it in AD (user-missing-from-ox)',
      "user beyond AD's 1000-entry limit of a conf that does not page: the sync never sees it (sync-truncated)",
      'user in OX though no sync conf covers it (deleteusers removes it next run)',
      'OX holds another primary address, IMAP login, IMAP or SMTP server than AD and the mapping say',
      "OX's aliases differ from AD's smtp: addresses",
      'module access of the other class (full OX user vs infostore-only), or differing from the mapping',
      'both confs cover the user (their access flips each run)',
      'the last run of the covering conf logged an error naming the user',
      "OX sends the user to another IMAP/SMTP server than the seed's (server A: the cluster VIP; server B: itself)",
      'listuser fails (admin password refused, admin daemon or configdb unreachable)',
    ],
    misses: [
      'the sync of other users and the sync job itself (ox/sync-coverage, ox/ldapsync-log, cron/ox-jobs)',
      "the user's OX web login (not tried; user/logins and mailbox/imap-login for IMAP)",
      'context disabled or over its quota (listcontext, not read)',
    ],
    timeoutMs: 20_000,
    // As ox/listuser: the admin daemon and the sync run on the node holding the cluster's VIP.
    requires: [onVipHolder({ checks: 'user/ox', service: 'the OX admin daemon and oxldapsync' })],
    run: (ctx) => probe(ctx, target),
  };
}

async function probe(ctx: CheckContext, target: UserTarget): Promise<Outcome> {
  const where: Where = { host: ctx.host.name, login: target.login, context: ctx.site.ox?.context ?? 1 };
  const setups = (await syncSetups(ctx)).filter((s) => s.conf.get('userfilter'));
  if (setups.length === 0)
    return unknown(`${where.host}: no oxldapsync conf with a userfilter (looked for ${SYNC_CONF_PATHS.join(', ')})`, {
      hint: 'run user/ox against the OX hosts that sync from AD, or restore the ldapsync confs',
    });
  const [answer, coverage, log] = await Promise.all([
    listuser(ctx, target.login),
    coverageOf(ctx, setups, target.entry.dn).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))),
    readUserSyncLog(ctx, [target.login]),
  ]);
  if (!answer.ok) return answer.outcome;
  const login = target.login.toLowerCase();
  const user = answer.csv.users.find((u) => (field(u, 'Name') ?? '').toLowerCase() === login);
  if (coverage instanceof Error)
    return unknown(
      `${where.host}: ${user ? 'OX holds' : 'OX does not hold'} ${target.login}, ` +
        `but AD could not be read to tell which sync conf covers it: ${coverage.message}`,
      { hint: 'check service/ldap and the endpoints.ldap bind from this host' },
    );
  const covering = coverage.filter((c) => c.matches);
  if (covering.length === 0) return fromSteps([uncoveredStep(where, coverage, !!user)]);
  const c = covering[0]!;
  if (!user) {
    const events = await userRecordEvents(ctx, target.login, log?.offsetMinutes ?? 0);
    return fromSteps([coverageStep(where, covering), missingStep(where, c, log, events)]);
  }
  const steps: Step[] = [
    coverageStep(where, covering),
    ...compareRecord(user, {
      host: where.host,
      login: target.login,
      setup: c.setup,
      values: c.values!,
      others: setups.filter((s) => s !== c.setup),
    }),
    seedServerStep(where.host, target.login, user, seedServer(ctx.site, ctx.host), c.setup.mappingPath ?? c.setup.path),
    syncStep(where, c, log),
  ];
  const metrics = syncMetrics(c, log);
  if (steps.some((s) => s.status !== 'ok')) return fromSteps(steps, { metrics });
  return fromSteps(steps, { metrics, summary: okSummary(where, user, c, log, target) });
}

function syncMetrics(c: ConfCoverage, log: UserSyncLog | null): Metric[] {
  const run = log?.runs.get(c.setup.name);
  if (!log || !run) return [];
  return [{ label: 'sync_age_h', value: Number(((log.hostNow - run.lastAt) / 3_600_000).toFixed(2)), min: 0 }];
}

function okSummary(where: Where, user: OxUser, c: ConfCoverage, log: UserSyncLog | null, target: UserTarget): string {
  const aliases = (field(user, 'Aliases') ?? '').split(',').filter((a) => a.trim() !== '').length;
  const run = log?.runs.get(c.setup.name);
  const synced = run && log ? `; its last sync ${ageText(log.hostNow - run.lastAt)} ago` : '';
  const exchange = target.exchangeMailbox ? `; its mailbox is in Exchange (${target.primary})` : '';
  const imap = `${field(user, 'ImapLogin')}@${field(user, 'ImapServer')}`;
  return (
    `${where.host}: OX context ${where.context} holds ${target.login} as ${aClass(c.setup)} ` +
    `(${c.setup.name} covers it), ${field(user, 'PrimaryEmail')} with ${aliases} alias${aliases === 1 ? '' : 'es'}, ` +
    `IMAP ${imap}, SMTP ${field(user, 'SmtpServer')}, module access as ${c.setup.mappingPath ?? 'the mapping'}` +
    `${synced}${exchange}`
  );
}
