// One logged-in IMAP session of the test user at the host's imapd, for the mailbox checks.
import type { CheckContext } from '../core/check.js';
import { crit, type Outcome } from '../core/result.js';
import { failureHint, failureSummary, remainingMs } from './probe.js';
import { imapSession, type ImapClient, type ImapCredentials, type ImapLogin } from '../protocols/imap-session.js';
import type { ProbeResult } from '../protocols/types.js';
import { describeTls } from '../protocols/tls.js';
import { cyrusEndpoint, imapCredentials, isOutcome, type CyrusEndpoint } from './test-user.js';
import { explainRefusal, type Refusal } from './login-refusal.js';

export type UserImap<T> =
  | { kind: 'outcome'; outcome: Outcome }
  | {
      kind: 'session';
      endpoint: CyrusEndpoint;
      user: ImapCredentials;
      result: ProbeResult<ImapLogin<T>>;
      refusal?: Refusal; // why imapd refused the test user's own password, when that could be found out
    };

export async function userImap<T>(ctx: CheckContext, work: (client: ImapClient) => Promise<T>): Promise<UserImap<T>> {
  const user = imapCredentials(ctx);
  if (isOutcome(user)) return { kind: 'outcome', outcome: user };
  const endpoint = await cyrusEndpoint(ctx, 'imapd');
  if (isOutcome(endpoint)) return { kind: 'outcome', outcome: endpoint };
  const tlsName = endpoint.target.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
  const result = await imapSession(endpoint.open, user, work, {
    signal: ctx.signal,
    timeoutMs: remainingMs(ctx),
    tlsName,
    ...(ctx.site.tls ? { passwordTrust: ctx.site.tls } : {}),
  });
  // A refused password is explained once here, so every check sharing the session names the same cause.
  const refusal =
    !result.ok && result.failure === 'auth' && user.authzid === undefined
      ? await explainRefusal(
          ctx,
          user.login,
          failureSummary(`IMAP login of ${user.login}`, endpoint.target, result.failure, result.message),
        )
      : null;
  return { kind: 'session', endpoint, user, result, ...(refusal ? { refusal } : {}) };
}

// The hierarchy delimiter the server reports for the personal namespace ("/" with unixhierarchysep).
export async function delimiter(client: ImapClient): Promise<string> {
  const reply = await client.command('LIST "" ""');
  const m = /^\* LIST \([^)]*\) "(.)"/i.exec(reply.untagged[0] ?? '');
  return m?.[1] ?? '/';
}

// Evidence: whether the password went over TLS, and what the certificate says and whether it is trusted.
export function transportSecurity(login: ImapLogin<unknown>): string {
  if (!login.tls) return 'the server offers no STARTTLS: the login went in clear text';
  return `STARTTLS: ${describeTls(login.tls)}`;
}

// Whose mailbox the session shows: the test user, also when an admin logged in for it.
export function mailboxOwner(user: ImapCredentials): string {
  return user.authzid ?? user.login;
}

// "test1001", or "cyrus on behalf of test1001" for an admin's proxy login.
export function whoLogsIn(user: ImapCredentials): string {
  return user.authzid === undefined ? user.login : `${user.login} on behalf of ${user.authzid}`;
}

// The session's transcript as evidence, and the CRIT outcome when it never got logged in.
export function sessionOutcome<T>(
  ctx: CheckContext,
  session: Extract<UserImap<T>, { kind: 'session' }>,
): Outcome | null {
  const { result, endpoint, user } = session;
  ctx.record(`IMAP session of ${whoLogsIn(user)} at ${endpoint.target}`, result.transcript.join('\n'));
  if (result.ok) {
    ctx.record(`IMAP transport security at ${endpoint.target}`, transportSecurity(result.value));
    return null;
  }
  if (session.refusal) return crit(session.refusal.summary, { hint: session.refusal.hint });
  return crit(failureSummary(`IMAP login of ${whoLogsIn(user)}`, endpoint.target, result.failure, result.message), {
    hint: failureHint(result.failure, 'cyrus imapd', endpoint.target, ctx.host.name),
  });
}
