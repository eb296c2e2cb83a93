// mailbox/imap-login: the test user logs in to the imapd this host's users use (over STARTTLS when offered),
// and how long it took; with only an imapAdmin configured, the admin logs in on the user's behalf.
import type { Check } from '../../../src/core/check.js';
import { fromSteps } from '../../../src/core/result.js';
import { probeStep } from '../../../src/checkkit/probe.js';
import { gssapiStep, gssapiConfigured } from './imap-gssapi.js';
import type { CheckContext } from '../../../src/core/check.js';
import type { Step } from '../../../src/core/result.js';
import { cyrusEndpoint, imapCredentials, isOutcome } from '../../../src/checkkit/test-user.js';
import { mailboxView } from '../../../src/facts/mailbox-view.js';
import { transportSecurity, whoLogsIn } from '../../../src/checkkit/user-imap.js';

export const imapLoginCheck: Check = {
  id: 'mailbox/imap-login',
  title: 'IMAP login of the test user',
  roles: ['groupware'],
  proves:
    'the test user can log in to cyrus imapd (STARTTLS when offered; AUTHENTICATE PLAIN or LOGIN, and Kerberos GSSAPI where imapd offers it) on the IMAP server of the host; a refused password is traced to its cause: saslauthd not running or its socket gone (mechanism and socket from the host), an expired or disabled account or an unreachable KDC (kinit with the same password), before the password is blamed',
  catches: [
    "the test user's password refused by imapd",
    'saslauthd not running: every password login refused, named with its mechanism and socket',
    'saslauthd running but its socket missing or not a socket',
    "the test user's password expired in the KDC (kinit with the same password says so)",
    'the KDC unreachable behind saslauthd -a kerberos5',
    'imapd not listening where cyrus.conf puts it: connection refused',
    'STARTTLS offered but failing, so no password is sent',
    'the Kerberos (GSSAPI) login impossible: no krb5.conf on the host, or no KDC answering',
  ],
  misses: [
    'other users whose passwords fail (only the test user logs in; see the imapd log in /var/log/maillog)',
    'a saslauthd that refuses only some users (testsaslauthd -u USER -p ... on the host)',
    'OX webmail logins through the OX IMAP settings (see ox/listuser)',
  ],
  timeoutMs: 15_000,
  async run(ctx) {
    // The Kerberos login runs alongside the shared session when imapd.conf lists GSSAPI (it is a second,
    // independent login); otherwise after it, if the server's capabilities offer GSSAPI anyway.
    const early = kerberosEarly(ctx);
    // Awaited below; when the session ends the check first, nobody is left to see its failure.
    early.catch(() => undefined);
    const session = await mailboxView(ctx);
    if (session.kind === 'outcome') return session.outcome;
    const { endpoint, result, user } = session;
    if (result.ok) ctx.record(`IMAP transport security at ${endpoint.target}`, transportSecurity(result.value));
    const probed = probeStep(
      ctx,
      {
        name: endpoint.target,
        what: `IMAP login of ${whoLogsIn(user)}`,
        service: 'cyrus imapd',
        target: endpoint.target,
        ok: (v) => {
          const how = `${v.mechanism}${v.tls ? ' over STARTTLS' : ''}, ${v.loginMs} ms`;
          if (user.authzid === undefined)
            return { status: 'ok', summary: `${user.login} logs in to imapd at ${endpoint.target} (${how})` };
          return {
            status: 'ok',
            summary: `the admin ${user.login} logs in to imapd at ${endpoint.target} on behalf of ${user.authzid} (${how}); ${user.authzid}'s own password is not configured, so not tested`,
          };
        },
      },
      result,
    );
    // The cause found behind a refused password (saslauthd down, an expired account ...) replaces "refused".
    const step = session.refusal ? { ...probed, ...session.refusal } : probed;
    const metrics = result.ok
      ? [{ label: 'imap_login', value: result.value.loginMs / 1000, unit: 's' as const, min: 0 }]
      : [];
    const speculated = await early;
    // A failed password login says it all: the Kerberos step would only repeat the cause.
    const kerberos = !result.ok
      ? null
      : speculated !== undefined
        ? speculated
        : await gssapiStep(ctx, endpoint, user, result.value);
    if (kerberos) {
      const steps = [step, kerberos];
      const healthy = steps.every((s) => s.status === 'ok');
      return fromSteps(steps, { metrics, ...(healthy ? { summary: `${step.summary}; ${kerberos.summary}` } : {}) });
    }
    return fromSteps([step], {
      metrics,
      ...(result.ok
        ? {}
        : {
            hint:
              session.refusal?.hint ?? loginHint(result.failure, result.message, step.hint, user.login, user.authzid),
          }),
    });
  },
};

function loginHint(
  failure: string,
  message: string,
  fallback: string | undefined,
  login: string,
  authzid: string | undefined,
): string | undefined {
  if (/STARTTLS/.test(message)) {
    return `imapd offers STARTTLS but the TLS session failed, so no password was sent: check tls_server_cert/tls_server_key in /etc/imapd.conf and the imapd log (openssl s_client -starttls imap -connect HOST:143)`;
  }
  if (failure !== 'auth') return fallback;
  if (authzid !== undefined) {
    return `imapd refused the admin ${login} acting for ${authzid}: check imapAdmin's password in the config and that ${login} is listed in admins (or proxyservers) in /etc/imapd.conf`;
  }
  return `imapd refused ${login}'s password: check the password in the config, then saslauthd on the host (testsaslauthd -u ${login}) and the account in AD (kinit ${login})`;
}

// undefined: not started early (the capabilities of the shared session decide); else the GSSAPI step or null.
async function kerberosEarly(ctx: CheckContext): Promise<Step | null | undefined> {
  if (!(await gssapiConfigured(ctx))) return undefined;
  const user = imapCredentials(ctx);
  const endpoint = await cyrusEndpoint(ctx, 'imapd');
  if (isOutcome(user) || isOutcome(endpoint)) return undefined;
  return gssapiStep(ctx, endpoint, user, null);
}
