// Whether the user has a mailbox on a cyrus at all, asked by the admin alone (LIST "" "user/LOGIN") before any
// login on the user's behalf: cyrus creates the INBOX of a user who logs in without one (autocreate), and --send
// writes nothing but its test messages. imapflow's list() asks for every mailbox (LIST "" "*"), which for an admin
// is the whole server, so this one command goes through the project's own IMAP session.
import type { Secret } from '../../core/redact.js';
import { delimiter } from '../../checkkit/user-imap.js';
import { imapSession } from '../../protocols/imap-session.js';
import { imapQuoted, imapTokens } from '../../protocols/imap-tokens.js';
import type { Opener } from '../../protocols/types.js';
import { userInboxName } from '../mailbox/cyrus-name.js';

export async function inboxExists(
  open: Opener,
  admin: { readonly login: string; readonly password: Secret },
  login: string,
  options: { tlsName: string; passwordTrust?: { requireTrusted: boolean; fingerprints: readonly string[] } },
): Promise<{ exists: boolean; inbox: string } | { error: string }> {
  const result = await imapSession(
    open,
    admin,
    async (client) => {
      const sep = await delimiter(client);
      // cyrus lower-cases logins unless username_tolower is off (its default is on)
      const inbox = userInboxName(login, sep, true);
      const list = await client.command(`LIST "" ${imapQuoted(inbox)}`);
      const exists = list.untagged.some((line) => {
        const [, kind, flags = '', , name] = imapTokens(line);
        return kind?.toUpperCase() === 'LIST' && name === inbox && !/\\(Noselect|NonExistent)\b/i.test(flags);
      });
      return { exists, inbox };
    },
    {
      timeoutMs: 10_000,
      tlsName: options.tlsName,
      ...(options.passwordTrust ? { passwordTrust: options.passwordTrust } : {}),
    },
  );
  return result.ok ? result.value.value : { error: result.message };
}
