// identity/kinit: the test user gets a Kerberos ticket from this host, with the host's kinit and krb5.conf.
import type { Check, CheckContext } from '../../src/core/check.js';
import { crit, ok, unknown, type Metric } from '../../src/core/result.js';
import { krb5Conf } from '../../src/facts/krb5-conf.js';
import { classifyKinit, explainKinit } from '../../src/kerberos/kinit-errors.js';
import { addonLogin, kerberosAddon } from '../../src/kerberos/addon.js';
import { kdcsOf, principalOf } from '../../src/kerberos/principal.js';
import { parseEpoch } from '../../src/checkkit/epoch.js';
import { notConfigured } from '../../src/core/not-configured.js';

export const kinitCheck: Check = {
  id: 'identity/kinit',
  title: 'Kerberos login (kinit)',
  roles: ['groupware'],
  proves: "the test user gets a ticket from this host's KDCs with this host's kinit and krb5.conf",
  catches: [
    'no KDC of krb5.conf answers: cannot contact any KDC',
    'wrong password: the KDC refuses the pre-authentication',
    'unknown principal: the KDC has no such user',
    "the test user's password has expired",
    "the test user's account has expired (AD's accountExpires): the KDC says its entry has expired",
    'account disabled or locked: the KDC says its credentials are revoked',
    "the host's clock and the KDC's differ past 300 s: clock skew too great",
  ],
  misses: [
    'the host keytab stale or a wrong kvno: GSSAPI logins to imapd fail (not checked; klist -k, kvno on the host)',
    'one of several KDCs down while another answers (kinit uses any that answers; test each with its own krb5.conf)',
    'saslauthd (mech kerberos5) down while kinit works: IMAP password logins fail (mailbox/imap-login)',
    "a password about to expire (kinit's expiry warning is not judged; the account in AD: pwdLastSet)",
    'skew hidden by kdc_timesync on the host (host/clock measures the offset itself)',
  ],
  timeoutMs: 20_000,
  async run(ctx) {
    const user = ctx.site.testUser;
    if (!user) return notConfigured('testUser', 'the test user to get a ticket for', '{ login, address, password }');
    if (!user.password)
      return notConfigured('testUser.password', `the password kinit sends for ${user.login}`, '{ file: /path/to/pw }');
    if (/[\r\n\0]/.test(user.login))
      return unknown(
        `testUser login ${JSON.stringify(user.login)} contains CR, LF or NUL: refusing to pass it to kinit`,
      );
    // kinit reads one line; a second one would become the "new password" of an expired account.
    if (/[\r\n\0]/.test(user.password.reveal()))
      return unknown(`the password of testUser ${user.login} contains CR, LF or NUL: kinit reads a single line`);

    const conf = await krb5Conf(ctx);
    const principal = principalOf(user.login, conf?.defaultRealm ?? ctx.site.endpoints.kerberos?.realm);
    const kdcs = kdcsOf(conf, principal.realm);
    ctx.record(
      'realm and KDCs',
      `principal ${principal.text}\nrealm ${principal.realm ?? '(default of kinit)'}\nKDCs ${kdcs}`,
    );
    const offset = await clockOffset(ctx);

    const r = await login(ctx, principal.text, principal.realm, user.password.reveal());
    const metrics: Metric[] = [{ label: 'kinit_time', value: Math.round(r.durationMs) / 1000, unit: 's', min: 0 }];
    if (offset !== null) metrics.push({ label: 'offset', value: offset, unit: 's' });
    const extra = { metrics };
    const clock =
      offset === null
        ? ''
        : `; ${ctx.host.name} is ${Math.abs(offset)} s ${offset >= 0 ? 'ahead of' : 'behind'} oxdoctor's clock`;

    if (r.timedOut) {
      return crit(`kinit ${principal.text} on ${ctx.host.name} did not return in time (KDCs ${kdcs})`, {
        ...extra,
        hint: `the KDCs do not answer from ${ctx.host.name}: check a firewall on port 88 (UDP and TCP) and that the KDCs run`,
      });
    }
    if (r.code === 127)
      return unknown(`kinit is not installed on ${ctx.host.name}`, {
        ...extra,
        hint: `install the MIT client (krb5-user / krb5-workstation) on ${ctx.host.name}`,
      });
    if (r.code === 0)
      return ok(`${principal.text} got a ticket from ${kdcs} in ${Math.round(r.durationMs)} ms${clock}`, extra);

    const output = `${r.stdout}\n${r.stderr}`;
    const { kind, line: said } = classifyKinit(output);
    const text = explainKinit(kind, principal.text, ctx.host.name, kdcs);
    const summary =
      kind === 'other'
        ? `${text.cause}: ${said}`
        : `kinit on ${ctx.host.name}: ${text.cause} ("${said}")${kind === 'clock-skew' ? clock : ''}`;
    return crit(summary, { ...extra, hint: text.hint });
  },
};

interface Attempt {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
  readonly timedOut: boolean;
}

// Where oxdoctor runs on the checked host itself, the kerberos addon does the AS exchange in-process with the
// same libkrb5 and krb5.conf (no child process, no password on a pipe); elsewhere, and without the addon, the
// host's own kinit. Both answer with MIT's texts, so one classifier reads either.
async function login(
  ctx: CheckContext,
  principal: string,
  realm: string | undefined,
  password: string,
): Promise<Attempt> {
  const addon = ctx.host.transport.kind === 'local' ? await kerberosAddon() : null;
  if (addon) {
    const r = await addonLogin(addon, principal, realm, password, ctx.signal);
    const said = r.ok ? 'success' : 'timedOut' in r ? 'no answer before the deadline' : `libkrb5: ${r.message}`;
    ctx.record(
      `kerberos addon: checkPassword(${principal}) in oxdoctor's process (oxdoctor runs on ${ctx.host.name})`,
      said,
    );
    return {
      code: r.ok ? 0 : 1,
      stdout: '',
      stderr: r.ok || 'timedOut' in r ? '' : `libkrb5: ${r.message}`,
      durationMs: r.ms,
      timedOut: !r.ok && 'timedOut' in r,
    };
  }
  // MEMORY: keeps the ticket inside the kinit process: nothing is left on the host to kdestroy.
  return ctx.exec(['kinit', '--', principal], { stdin: `${password}\n`, env: { KRB5CCNAME: 'MEMORY:', LC_ALL: 'C' } });
}

// One `date` sample as host/clock takes it; null when the host's date cannot be read.
async function clockOffset(ctx: CheckContext): Promise<number | null> {
  const before = Date.now();
  const r = await ctx.exec(['date', '-u', '+%s.%N']);
  const after = Date.now();
  const remote = r.code === 0 ? parseEpoch(r.stdout) : null;
  return remote === null ? null : Math.round((remote - (before + after) / 2000) * 1000) / 1000;
}
