// user/kerberos: what the KDC says about the user, from each groupware host (the hosts whose imapd, sieve and smtpd
// log users in through pam_krb5). Without the password: kinit with nothing on stdin, so the KDC's answer to the
// request before pre-authentication is all that is asked (no password tried, no failed logon counted): unknown,
// disabled or locked, expired where the KDC tells it, or "pre-authentication required" (the account is usable).
// With the password (--password-stdin): then the real kinit of the catalogue's identity/kinit, as this user.
import { kinitCheck } from '../../../checks/identity/kinit.js';
import type { Check, CheckContext } from '../../core/check.js';
import { crit, fromSteps, unknown, type Outcome, type Step } from '../../core/result.js';
import { krb5Conf } from '../../facts/krb5-conf.js';
import { explainKinit } from '../../kerberos/kinit-errors.js';
import { kdcsOf } from '../../kerberos/principal.js';
import { readKdcAnswer, type KdcAnswer } from '../kerberos/kdc-answer.js';
import { elided, elidedOutcome } from '../kerberos/elided.js';
import { unsafeLogin, userPrincipal } from '../kerberos/user-principal.js';
import { siteForUser, type UserTarget } from '../target.js';

const PREAUTH_STEP = 'KDC before pre-authentication';
const KINIT_STEP = 'kinit with the password';

export function kerberosProbe(target: UserTarget): Check {
  return {
    id: 'user/kerberos',
    title: `Kerberos account of ${elided(target.login)}`,
    roles: ['groupware'],
    proves: `the KDC of each groupware host's krb5.conf knows ${elided(target.login)} and would let it log in (asked before pre-authentication, no password sent); with the password, ${elided(target.login)} gets a ticket there`,
    catches: [
      'unknown principal: the KDC has no such user',
      'account disabled or locked: the KDC says its credentials are revoked',
      'password expired, where the KDC says so before pre-authentication (MIT; AD only after it: needs the password)',
      'account expired (KDC_ERR_NAME_EXP)',
      'no KDC of krb5.conf answers: cannot contact any KDC',
      'with the password: wrong password, expired password, clock skew (identity/kinit as this user)',
    ],
    misses: [
      "AD's expired or must-change password without the password (AD checks it after pre-authentication: give it)",
      'kinit 1.6 (RHEL5) shows no KDC trace: an expired password is then seen only with the password',
    ],
    timeoutMs: 20_000,
    run: async (ctx) => elidedOutcome(await run({ ...ctx, site: siteForUser(ctx.site, target) }, target), target.login),
  };
}

async function run(ctx: CheckContext, target: UserTarget): Promise<Outcome> {
  const host = ctx.host.name;
  if (unsafeLogin(target.login))
    return unknown(`${host}: the login ${JSON.stringify(target.login)} contains CR, LF or NUL: not passed to kinit`, {
      hint: 'give the login exactly as AD has it (sAMAccountName)',
    });
  const conf = await krb5Conf(ctx);
  const principal = userPrincipal(target.login, conf?.defaultRealm ?? ctx.site.endpoints.kerberos?.realm);
  const kdcs = kdcsOf(conf, principal.realm);
  ctx.record(
    'realm and KDCs',
    `principal ${principal.text}\nrealm ${principal.realm ?? '(default of kinit)'}\nKDCs ${kdcs}`,
  );

  // stdin is empty: kinit stops where it would read the password. MEMORY: keeps any ccache inside kinit.
  const r = await ctx.exec(['kinit', '--', principal.text], {
    stdin: '',
    env: { KRB5CCNAME: 'MEMORY:', KRB5_TRACE: '/dev/stderr', LC_ALL: 'C' },
  });
  if (r.timedOut)
    return crit(`${host}: kinit ${principal.text} got no answer in time from the KDCs (${kdcs})`, {
      hint: `check that the KDCs run and answer on port 88 (UDP and TCP) from ${host}`,
    });
  if (r.code === 127)
    return unknown(`${host}: kinit is not installed, so the KDC was not asked about ${principal.text}`, {
      hint: `install the MIT client (krb5-workstation) on ${host}`,
    });
  const answer = readKdcAnswer(`${r.stdout}\n${r.stderr}`);
  const asked = preauthStep(answer, elided(principal.text), host, kdcs);
  if (asked.status !== 'ok') return fromSteps([asked], { summary: `${host}: ${asked.summary}` });
  if (!ctx.site.testUser?.password) {
    return fromSteps([asked], {
      summary: `${host}: ${asked.summary}; the password was not tried (kinit and the IMAP logins need it: --password-stdin)`,
    });
  }
  const kinit = await kinitCheck.run(ctx);
  const withPassword: Step = { name: KINIT_STEP, status: kinit.status, summary: kinit.summary, hint: kinit.hint };
  return fromSteps([asked, withPassword], {
    summary: `${host}: ${kinit.summary.replace(`kinit on ${host}: `, 'kinit with the password: ')}`,
    ...(kinit.metrics ? { metrics: kinit.metrics } : {}),
  });
}

function preauthStep(answer: KdcAnswer, principal: string, host: string, kdcs: string): Step {
  if (answer.kind === 'usable') {
    const untraced = answer.traced ? '' : ' (this kinit shows no KDC trace: an expired password shows only with it)';
    return {
      name: PREAUTH_STEP,
      status: 'ok',
      summary: `the KDC (${kdcs}) knows ${principal} and asks for its password: not unknown, disabled or locked${untraced}`,
    };
  }
  const text = explainKinit(answer.kind, principal, host, kdcs);
  return {
    name: PREAUTH_STEP,
    status: 'crit',
    summary: `kinit before pre-authentication: ${text.cause} ("${elided(answer.said)}")`,
    hint: text.hint,
  };
}
