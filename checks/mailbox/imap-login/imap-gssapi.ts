// The test user's Kerberos (GSSAPI) login at imapd, when imapd offers AUTH=GSSAPI: what OX and mail clients
// with single sign-on use. A ticket comes from the host's own krb5.conf; the service is imap@<servername>.
import type { CheckContext } from '../../../src/core/check.js';
import type { Step } from '../../../src/core/result.js';
import { imapdOption } from '../../../src/cyrus/imapd-conf.js';
import { imapdConf } from '../../../src/facts/imapd-conf.js';
import { KRB5_CONF_PATH, krb5Conf, krb5ConfText } from '../../../src/facts/krb5-conf.js';
import { withGssapi } from '../../../src/kerberos/gssapi-login.js';
import { principalOf } from '../../../src/kerberos/principal.js';
import { imapSession, type ImapCredentials, type ImapLogin } from '../../../src/protocols/imap-session.js';
import { remainingMs } from '../../../src/checkkit/probe.js';
import type { CyrusEndpoint } from '../../../src/checkkit/test-user.js';

// imapd.conf's sasl_mech_list names GSSAPI (then the login can start before the capabilities are known).
export async function gssapiConfigured(ctx: CheckContext): Promise<boolean> {
  const imapd = await imapdConf(ctx);
  return /\bGSSAPI\b/i.test((imapd ? imapdOption(imapd, 'sasl_mech_list') : undefined) ?? '');
}

// `plain`: the shared session's login, whose capabilities say whether GSSAPI is offered; null when started
// early on imapd.conf's word (a server that then does not offer it gives no step).
export async function gssapiStep(
  ctx: CheckContext,
  endpoint: CyrusEndpoint,
  user: ImapCredentials,
  plain: ImapLogin<unknown> | null,
): Promise<Step | null> {
  if (plain && !plain.capabilities.includes('AUTH=GSSAPI')) return null;
  const name = `${endpoint.target} GSSAPI`;
  if (user.authzid !== undefined)
    return {
      name,
      status: 'ok',
      summary: `imapd offers GSSAPI; not tested: the test user's password is not configured (admin proxy login)`,
    };
  const confText = await krb5ConfText(ctx);
  if (confText === null)
    return {
      name,
      status: 'warn',
      summary: `imapd offers GSSAPI but ${ctx.host.name} has no ${KRB5_CONF_PATH}: clients on it cannot get Kerberos tickets`,
      hint: `install the host's krb5.conf (realm and KDCs of AD)`,
    };
  const conf = await krb5Conf(ctx);
  const imapd = await imapdConf(ctx);
  const servername =
    (imapd ? imapdOption(imapd, 'servername') : undefined) ??
    (plain ? /\]\s+(\S+)/.exec(plain.greeting)?.[1] : undefined) ??
    endpoint.target.replace(/:\d+$/, '');
  const service = `imap@${servername}`;
  const principal = principalOf(user.login, conf?.defaultRealm ?? ctx.site.endpoints.kerberos?.realm).text;
  const tlsName = endpoint.target.replace(/:\d+$/, '');
  const run = await withGssapi(confText, principal, user.password, service, async (sasl) =>
    imapSession(endpoint.open, { login: user.login, password: user.password, sasl }, async () => undefined, {
      signal: ctx.signal,
      timeoutMs: remainingMs(ctx),
      tlsName,
    }),
  );
  if (!run.setup.ok) {
    return run.setup.stage === 'addon'
      ? { name, status: 'ok', summary: `imapd offers GSSAPI; not tested from here: ${run.setup.message}` }
      : {
          name,
          status: 'warn',
          summary: `imapd offers GSSAPI, but no ticket for ${principal} could be had with ${ctx.host.name}'s krb5.conf from oxdoctor's machine (${run.setup.message}), so the Kerberos login was not tested`,
          hint: 'see identity/kinit for the KDC and the account; the KDC must be reachable from where oxdoctor runs',
        };
  }
  const result = run.value!;
  if (!result.ok && result.failure === 'rejected' && /does not offer AUTH=GSSAPI/.test(result.message)) return null;
  ctx.record(
    `IMAP GSSAPI login of ${principal} as ${service} at ${endpoint.target} (${result.durationMs} ms)`,
    result.transcript.join('\n'),
  );
  if (result.ok)
    return {
      name,
      status: 'ok',
      summary: `${user.login} logs in with Kerberos (GSSAPI, service ${service}, ${result.value.loginMs} ms)`,
    };
  const keytab = `the service key of ${service.replace('@', '/')} in the keytab cyrus reads (KRB5_KTNAME of cyrus master, else /etc/krb5.keytab; klist -k as the cyrus user)`;
  if (/not found in Kerberos database/i.test(result.message)) {
    return {
      name,
      status: 'crit',
      summary: `the KDC has no service principal ${service.replace('@', '/')}: Kerberos logins to imapd fail (${result.message})`,
      hint: `create it in AD (setspn / ktpass) and put its key into the keytab cyrus reads`,
    };
  }
  return {
    name,
    status: 'crit',
    summary: `imapd at ${endpoint.target} refuses ${user.login}'s Kerberos (GSSAPI) login although ${principal} got a ticket: ${result.message}`,
    hint: `check ${keytab}, that its kvno matches the KDC's (kvno ${service.replace('@', '/')}), and the imapd log in /var/log/maillog`,
  };
}
