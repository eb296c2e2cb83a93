// One logged-in IMAP session of the test user at the host's imapd, for the mailbox checks.
import type { CheckContext } from '../../src/core/check.js';
import type { Outcome } from '../../src/core/result.js';
import { imapSession, type ImapClient, type ImapCredentials, type ImapLogin } from '../../src/protocols/imap-session.js';
import type { ProbeResult } from '../../src/protocols/types.js';
import { remainingMs } from '../shared/probe.js';
import { cyrusEndpoint, isOutcome, testUser, type CyrusEndpoint } from './test-user.js';

export type UserImap<T> =
  | { kind: 'outcome'; outcome: Outcome }
  | { kind: 'session'; endpoint: CyrusEndpoint; user: ImapCredentials; result: ProbeResult<ImapLogin<T>> };

export async function userImap<T>(ctx: CheckContext, work: (client: ImapClient) => Promise<T>): Promise<UserImap<T>> {
  const user = testUser(ctx);
  if (isOutcome(user)) return { kind: 'outcome', outcome: user };
  const endpoint = await cyrusEndpoint(ctx, 'imapd');
  if (isOutcome(endpoint)) return { kind: 'outcome', outcome: endpoint };
  const result = await imapSession(endpoint.open, user, work, { signal: ctx.signal, timeoutMs: remainingMs(ctx) });
  return { kind: 'session', endpoint, user, result };
}

// The hierarchy delimiter the server reports for the personal namespace ("/" with unixhierarchysep).
export async function delimiter(client: ImapClient): Promise<string> {
  const reply = await client.command('LIST "" ""');
  const m = /^\* LIST \([^)]*\) "(.)"/i.exec(reply.untagged[0] ?? '');
  return m?.[1] ?? '/';
}
