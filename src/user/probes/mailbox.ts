// user/mailbox: the user's cyrus mailbox on each host that runs cyrus (server A, server B), read as the configured
// cyrus admin (imapAdmin), so no user password is needed: whether it exists where the seed keeps one for the user's
// class (or plainly that none should), its folders, Sent Items' "anyone p", quota and usage, when the newest message
// of INBOX and Sent Items came, and the active sieve script. Read-only: the admin looks the INBOX up first, and only
// an existing one is opened on the user's behalf (such a login would create a missing one: cyrus autocreate).
import type { Check, CheckContext } from '../../core/check.js';
import { crit, fromSteps, unknown, type Metric, type Outcome, type Step } from '../../core/result.js';
import { notConfigured } from '../../core/not-configured.js';
import { failureHint, failureSummary } from '../../checkkit/probe.js';
import { cyrusEndpoint, isOutcome, type CyrusEndpoint } from '../../checkkit/test-user.js';
import { transportSecurity } from '../../checkkit/user-imap.js';
import { onVipHolder } from '../../cluster/standby.js';
import { IMAPD_CONF_PATH, imapdConf } from '../../facts/imapd-conf.js';
import { adminView, type AdminView, type CyrusAdmin } from '../mailbox/admin-view.js';
import { unsendableLogin } from '../mailbox/cyrus-name.js';
import { existenceStep } from '../mailbox/existence.js';
import { isArchiveHost, mailboxExpectation } from '../mailbox/expectation.js';
import { expectedFolders, foldersStep, newestSteps, quotaStep, sentAclStep, type Where } from '../mailbox/findings.js';
import { withImapFlow } from '../mailbox/flow-session.js';
import { sieveStep } from '../mailbox/sieve.js';
import { readUserView } from '../mailbox/user-view.js';
import { okSummary } from '../mailbox/ok-summary.js';
import type { UserTarget } from '../target.js';

export function mailboxProbe(target: UserTarget): Check {
  return {
    id: 'user/mailbox',
    title: `Mailbox of ${target.login}`,
    roles: ['groupware'],
    // Cyrus follows server A's VIP: the standby node has none to read.
    requires: [onVipHolder({ checks: 'user/mailbox', service: 'cyrus-imapd' })],
    proves: `${target.login}'s cyrus mailbox is where the seed keeps one for its class (server A: its mail; server B: the archive copies and Sent Items), or absent where none is expected, with the autocreate folders, "anyone p" on Sent Items, room in its quota and an active sieve script; says when the newest message of INBOX and Sent Items came`,
    catches: [
      'a full OX user without a mailbox: lmtpd refuses its mail (mailbox does not exist), or cyrus creates it on the first mail (autocreate on post)',
      'a mailbox for a user who is no OX user (left over: mail no longer reaches it)',
      "a seed or imapd.conf autocreate folder missing from the user's mailbox",
      'Sent Items without "anyone p" (setpostacl not run): on server B the sent copies land in INBOX',
      'a mailbox over (or at 90 % of) its quota: cyrus refuses new mail',
      'no active sieve script: OX filters, vacation notices and forwards do not run',
      'cyrus (imapd) down or not listening: nothing of the mailbox can be read',
      'no timsieved in cyrus.conf, or timsieved down',
      'the configured cyrus admin refused (wrong imapAdmin password) or not in admins: of imapd.conf: UNKNOWN',
    ],
    misses: [
      'whether mail is arriving is not judged: the dates are shown; user/activity and --send follow real mail',
      'a script that does not compile or does the wrong thing (not read; sieveshell: get NAME)',
      'an archive copy missing on server B while server A has the message (the dates of both are shown, not compared)',
      "mailboxes in other partitions or on a murder backend: only the host's own imapd is asked",
    ],
    timeoutMs: 20_000,
    run: (ctx) => run(ctx, target),
  };
}

async function run(ctx: CheckContext, target: UserTarget): Promise<Outcome> {
  const host = ctx.host.name;
  const refused = unsendableLogin(target.login);
  if (refused) return unknown(`${host}: ${refused}`, { hint: "check the user's sAMAccountName in AD" });
  const admin = ctx.site.imapAdmin;
  if (!admin)
    return notConfigured(
      'imapAdmin',
      `a cyrus admin (imapd.conf admins:) to read ${target.login}'s mailbox on ${host}`,
      '{ login: cyrus, password: { file: /path/to/pw } }',
    );
  const notAdmin = await notAnAdmin(ctx, admin.login);
  if (notAdmin) return notAdmin;
  const expectation = mailboxExpectation(target, ctx.host);
  const endpoint = await cyrusEndpoint(ctx, 'imapd');
  if (isOutcome(endpoint)) return { ...endpoint, summary: `${host}: ${endpoint.summary}` };
  const seen = await adminView(ctx, endpoint, admin, target.login);
  ctx.record(`IMAP session of the cyrus admin ${admin.login} at ${endpoint.target}`, seen.transcript.join('\n'));
  if (!seen.ok) {
    const summary = `${host}: ${failureSummary(`IMAP login of the cyrus admin ${admin.login}`, endpoint.target, seen.failure, seen.message)}`;
    const hint = failureHint(seen.failure, 'cyrus imapd', endpoint.target, host, seen.message);
    // The admin's own password or certificate policy: oxdoctor's config, not the user's path.
    if (seen.failure === 'auth' || seen.failure === 'untrusted')
      return unknown(`${summary}: ${target.login}'s mailbox is not seen`, {
        hint: seen.failure === 'auth' ? `check imapAdmin (login and password) in the oxdoctor config; ${hint}` : hint,
      });
    // Where the user has no mailbox to expect, a broken cyrus is not on its path: say only what is not known.
    if (!expectation.expected)
      return unknown(`${summary}: whether ${target.login} has a mailbox there is not known`, { hint });
    return crit(`${summary}: ${target.login}'s mailbox cannot be read, and IMAP logins there fail`, { hint });
  }
  ctx.record(`IMAP transport security at ${endpoint.target}`, transportSecurity(seen.value));
  const view = seen.value.value;
  const conf = await imapdConf(ctx);
  const archive = isArchiveHost(ctx.host);
  const exists = existenceStep({
    host,
    login: target.login,
    inbox: view.inbox,
    exists: view.exists,
    expectation,
    archive,
    conf,
  });
  if (!view.exists) return fromSteps([exists]);
  return fromSteps(
    ...(await inside(
      ctx,
      endpoint,
      admin,
      target.login,
      view,
      { host, login: target.login, archive, inbox: view.inbox },
      exists,
    )),
  );
}

// A login imapd.conf does not list in admins: sees no other user's mailbox, which would read as "no mailbox".
async function notAnAdmin(ctx: CheckContext, login: string): Promise<Outcome | null> {
  const conf = await imapdConf(ctx);
  const admins = conf?.options.get('admins');
  if (admins === undefined || admins.split(/[\s,]+/).includes(login)) return null;
  return unknown(
    `${ctx.host.name}: the configured imapAdmin ${login} is not in admins: of ${IMAPD_CONF_PATH} (${admins || 'empty'}): users' mailboxes cannot be looked up as it`,
    { hint: `set imapAdmin in the oxdoctor config to one of the admins of ${IMAPD_CONF_PATH} on ${ctx.host.name}` },
  );
}

// The steps of an existing mailbox, and the OK sentence that sums them up.
async function inside(
  ctx: CheckContext,
  endpoint: CyrusEndpoint,
  admin: CyrusAdmin,
  login: string,
  view: AdminView,
  where: Where,
  exists: Step,
): Promise<[Step[], { summary?: string; metrics: Metric[] }]> {
  const steps: Step[] = [exists, sentAclStep(where, `INBOX${view.sep}Sent Items`, view.sentAcl)];
  const metrics: Metric[] = [];
  const [hostPart = '', port = '143'] = splitTarget(endpoint.target);
  // ManageSieve beside the imapflow session: two servers' answers, waited for at once.
  const [flow, sieve] = await Promise.all([
    withImapFlow(
      ctx,
      { host: hostPart, port: Number(port), tlsName: hostPart },
      { login: admin.login, password: admin.password, authzid: login },
      readUserView,
    ),
    sieveStep(ctx, admin, login),
  ]);
  ctx.record(
    `imapflow session of ${admin.login} on behalf of ${login} at ${endpoint.target}`,
    flow.transcript.join('\n'),
  );
  const expected = expectedFolders(await imapdConf(ctx));
  if (flow.ok) {
    const user = flow.value;
    steps.push(foldersStep(where, user, expected));
    const quota = quotaStep(where, user.quota, user);
    steps.push(quota.step);
    metrics.push(...quota.metrics);
    const newest = newestSteps(where, user.newest, Date.now());
    steps.push(...newest.steps);
    metrics.push(...newest.metrics);
  } else {
    steps.push({
      name: 'on behalf of the user',
      status: flow.failure === 'auth' ? 'unknown' : 'crit',
      summary: `${where.host}: ${failureSummary(`IMAP login of ${admin.login} on behalf of ${login}`, endpoint.target, flow.failure, flow.message)}: folders, quota and dates not seen`,
      hint:
        flow.failure === 'auth'
          ? `the cyrus admin may not log in for users: list ${admin.login} in admins: of /etc/imapd.conf on ${where.host}`
          : failureHint(flow.failure, 'cyrus imapd', endpoint.target, where.host, flow.message),
    });
  }
  steps.push(sieve);
  const allOk = steps.every((s) => s.status === 'ok');
  const summary = allOk ? okSummary(where, view, flow.ok ? flow.value : undefined, expected.length) : undefined;
  return [steps, { ...(summary ? { summary } : {}), metrics }];
}

function splitTarget(target: string): [string, string] {
  const m = /^\[?(.*?)\]?:(\d+)$/.exec(target);
  return m ? [m[1]!, m[2]!] : [target, '143'];
}
