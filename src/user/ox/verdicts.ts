// The sentences of user/ox about coverage and the sync: which conf covers the user, the user missing from OX
// though a conf covers it (with the cause AD's answer, the sync log and OX's log show), in OX though none does,
// rightly absent, and what the covering conf's last run says.
import type { Step } from '../../core/result.js';
import type { UserRecordEvent } from './admin-records.js';
import type { ConfCoverage } from './coverage.js';
import { aClass } from './record.js';
import { ageText, SYNC_LOG, type UserSyncLog } from './sync-log.js';

export interface Where {
  readonly host: string;
  readonly login: string;
  readonly context: number;
}

const RUN_SYNC = '/opt/open-xchange/sbin/oxsync';
const deletesUsers = (c: ConfCoverage) => (c.setup.conf.get('deleteusers') ?? '').toLowerCase() === 'yes';

// The conf does not page and AD's size limit leaves the user out of its search: the clause and the fix.
function truncation(c: ConfCoverage, login: string): { clause: string; hint: string } {
  const type = c.setup.conf.get('ldaptype') ?? '(unset)';
  return {
    clause:
      `${c.setup.name} does not page (ldaptype = ${type}) and AD's size limit cuts its search ` +
      `at ${c.unpaged?.returned} entries without ${login}`,
    hint: `set ldaptype = ads in ${c.setup.path} (paged search) or raise AD's MaxPageSize, then run ${RUN_SYNC}`,
  };
}

// Covered by c, absent from OX: why, as far as AD and the last run tell.
// events: what OX's log records of the user (null: not read).
export function missingStep(
  where: Where,
  c: ConfCoverage,
  log: UserSyncLog | null,
  events: readonly UserRecordEvent[] | null = null,
): Step {
  const { host, login, context } = where;
  const conf = c.setup.name;
  const missing = `${host}: ${login} is missing from OX context ${context}`;
  const crit = (summary: string, hint: string): Step => ({ name: 'record', status: 'crit', summary, hint });
  if (c.unpaged && !c.unpaged.seen) {
    const { clause, hint } = truncation(c, login);
    const deletes = deletesUsers(c) ? ' and deletes it from OX (deleteusers = yes)' : '';
    return crit(`${missing}: ${clause}, so the sync never sees it${deletes}${deletedWhen(events, log)}`, hint);
  }
  const run = log?.runs.get(conf);
  const covered = `${missing} though ${conf} covers it in AD`;
  if (!log || !run) {
    const why = log ? `${SYNC_LOG} holds no ${conf} run` : `${SYNC_LOG} does not exist`;
    return crit(
      `${covered}, and ${why}: the sync has not run here`,
      `check the oxsync line in /etc/cron.d/ox and run ${RUN_SYNC}`,
    );
  }
  const last = `the last ${conf} run (${ageText(log.hostNow - run.lastAt)} ago)`;
  if (run.errors.length > 0)
    return crit(
      `${covered}; ${last} logged ERROR: ${run.errors[run.errors.length - 1]!.slice(0, 200)}`,
      `fix the cause ${SYNC_LOG} names, then run ${RUN_SYNC}`,
    );
  const said = run.userLines.length ? `; it logged: ${run.userLines[run.userLines.length - 1]!.slice(0, 200)}` : '';
  return crit(
    `${covered}; ${last} finished without error${said}${removal(events, log)}`,
    `run ${RUN_SYNC} (or wait for the nightly cron job) and read ${SYNC_LOG}; ` +
      `listuser -c ${context} -s ${login} --csv shows the result`,
  );
}

// No conf covers the entry: OK when OX does not hold it either, else the next sync (or none) decides its fate.
export function uncoveredStep(where: Where, coverage: readonly ConfCoverage[], inOx: boolean): Step {
  const { host, login, context } = where;
  const why = coverage
    .map((c) => `${c.setup.name}: ${c.inBase ? 'userfilter does not match' : `not under ${c.base}`}`)
    .join('; ');
  if (!inOx)
    return {
      name: 'coverage',
      status: 'ok',
      summary:
        `${host}: not an OX user: no sync conf covers ${login} (${why}) ` +
        `and OX context ${context} does not hold it, as it should be`,
    };
  const deletes = coverage.some(deletesUsers);
  const fate = deletes ? 'with deleteusers = yes the next sync deletes it' : 'the sync no longer updates it';
  return {
    name: 'coverage',
    status: deletes ? 'crit' : 'warn',
    summary: `${host}: OX context ${context} holds ${login} but no sync conf covers it in AD (${why}): ${fate}`,
    hint: "check the AD account's mail and extensionAttribute1 against the userfilters; to keep it in OX, fix AD",
  };
}

export function coverageStep(where: Where, covering: readonly ConfCoverage[]): Step {
  const { host, login } = where;
  if (covering.length > 1) {
    const names = covering.map((c) => `${c.setup.name} (as ${aClass(c.setup)})`).join(' and ');
    return {
      name: 'coverage',
      status: 'crit',
      summary: `${host}: the userfilters of ${names} both match ${login}: each run gives it the other's module access`,
      hint: 'make the userfilters exclusive (the seed swaps userfilter and userignorefilter between the two confs)',
    };
  }
  const c = covering[0]!;
  return { name: 'coverage', status: 'ok', summary: `${c.setup.name} covers ${login} as ${aClass(c.setup)}` };
}

// What the last run of the covering conf says: when, whether it saw the user, and its lines naming the user.
export function syncStep(where: Where, c: ConfCoverage, log: UserSyncLog | null): Step {
  const { host, login } = where;
  const conf = c.setup.name;
  if (c.unpaged && !c.unpaged.seen) {
    const { clause, hint } = truncation(c, login);
    const deletes = deletesUsers(c) ? ' and deletes it from OX on its next run' : '';
    return { name: 'sync', status: 'crit', summary: `${host}: ${clause}: the sync no longer sees it${deletes}`, hint };
  }
  const run = log?.runs.get(conf);
  if (!log || !run)
    return {
      name: 'sync',
      status: 'ok',
      summary: `no ${conf} run in ${SYNC_LOG}: when the sync last saw ${login} is unknown`,
    };
  const age = ageText(log.hostNow - run.lastAt);
  const errorLine = run.userLines.find((l) => /: (ERROR|FATAL): /.test(l));
  if (errorLine)
    return {
      name: 'sync',
      status: 'warn',
      summary: `${host}: the last ${conf} run (${age} ago) logged an error for ${login}: ${errorLine.slice(0, 200)}`,
      hint: `fix the cause, then run ${RUN_SYNC}; ${SYNC_LOG} has the run`,
    };
  const lines = run.userLines.length ? `; its lines on ${login}: ${run.userLines.slice(-3).join(' | ')}` : '';
  const limit = run.sizeLimitAfter !== undefined ? `, cut by AD's size limit after ${run.sizeLimitAfter}` : '';
  const seen = c.unpaged ? `${limit}, ${login} among them` : '';
  const entries = run.finished ? `${run.entries} entries` : 'not finished';
  return { name: 'sync', status: 'ok', summary: `the last ${conf} run was ${age} ago (${entries}${seen})${lines}` };
}

const when = (e: UserRecordEvent, log: UserSyncLog | null) =>
  e.at !== undefined && log ? ` ${ageText(log.hostNow - e.at)} ago` : '';

// The deletion OX's log recorded last, as a clause.
function deletedWhen(events: readonly UserRecordEvent[] | null, log: UserSyncLog | null): string {
  const last = events?.[events.length - 1];
  return last?.action === 'deleted' ? `; OX's log has user ${last.id} deleted${when(last, log)}` : '';
}

// Why a user the last clean run should have created is gone, from what OX's log recorded.
function removal(events: readonly UserRecordEvent[] | null, log: UserSyncLog | null): string {
  const last = events?.[events.length - 1];
  if (last?.action === 'deleted')
    return `; OX's log has user ${last.id} deleted${when(last, log)} (deleteuser or a sync that did not see it)`;
  if (last)
    return (
      `; OX's log has user ${last.id} ${last.action}${when(last, log)} and no deletion since: it was removed ` +
      "outside OX's admin tools (configdb, a restore), and the next sync creates it again"
    );
  return ': the user was removed from OX since, or came to AD after that run';
}
