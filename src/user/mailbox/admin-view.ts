// What the cyrus admin itself sees of a user, in the project's own IMAP session: whether the INBOX exists
// (LIST "" "user/LOGIN") and the ACL of its Sent Items (GETACL). Two things imapflow 2.10 cannot do: it has no
// call for GETACL (RFC 4314), and its list() always asks LIST "" "*", which for an admin is every mailbox of the
// server. The existence is asked before any login on the user's behalf: cyrus creates the INBOX of a user who
// logs in without one (autocreate; test/lab/services/_cyrus_first_login.py creates the lab's mailboxes so).
import type { CheckContext } from '../../core/check.js';
import type { Secret } from '../../core/redact.js';
import { parseAclResponse, type AclResponse } from '../../cyrus/acl.js';
import { imapdSwitch } from '../../cyrus/imapd-conf.js';
import { imapdConf } from '../../facts/imapd-conf.js';
import { delimiter } from '../../checkkit/user-imap.js';
import { remainingMs } from '../../checkkit/probe.js';
import type { CyrusEndpoint } from '../../checkkit/test-user.js';
import { imapSession, type ImapLogin } from '../../protocols/imap-session.js';
import { imapQuoted, imapTokens } from '../../protocols/imap-tokens.js';
import type { ProbeResult } from '../../protocols/types.js';
import { SENT_ITEMS } from '../../ox/setpostacl.js';
import { userInboxName } from './cyrus-name.js';

export interface SentItemsAcl {
  readonly status: string; // OK, NO, BAD
  readonly text: string;
  readonly acl: AclResponse | undefined;
}

export interface AdminView {
  readonly sep: string;
  readonly inbox: string; // "user/test1001"
  readonly exists: boolean;
  readonly sentItems: string; // "user/test1001/Sent Items"
  readonly sentAcl?: SentItemsAcl; // asked only when the INBOX exists
}

export interface CyrusAdmin {
  readonly login: string;
  readonly password: Secret;
}

export async function adminView(
  ctx: CheckContext,
  endpoint: CyrusEndpoint,
  admin: CyrusAdmin,
  login: string,
): Promise<ProbeResult<ImapLogin<AdminView>>> {
  const conf = await imapdConf(ctx);
  const toLower = conf ? imapdSwitch(conf, 'username_tolower') !== false : true;
  const tlsName = endpoint.target.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
  return imapSession(
    endpoint.open,
    { login: admin.login, password: admin.password },
    async (client) => {
      const sep = await delimiter(client);
      const inbox = userInboxName(login, sep, toLower);
      const sentItems = `${inbox}${sep}${SENT_ITEMS}`;
      // A LIST pattern has no escape: "%" or "*" in a login widen it, so only the exact name counts.
      const list = await client.command(`LIST "" ${imapQuoted(inbox)}`);
      const exists = list.untagged.some((line) => {
        const [, kind, flags = '', , name] = imapTokens(line);
        return kind?.toUpperCase() === 'LIST' && name === inbox && !/\\(Noselect|NonExistent)\b/i.test(flags);
      });
      if (!exists) return { sep, inbox, exists, sentItems };
      const reply = await client.command(`GETACL ${imapQuoted(sentItems)}`);
      const acl = reply.untagged.map(parseAclResponse).find((a) => a !== null) ?? undefined;
      return { sep, inbox, exists, sentItems, sentAcl: { status: reply.status, text: reply.text, acl } };
    },
    {
      signal: ctx.signal,
      timeoutMs: remainingMs(ctx),
      tlsName,
      ...(ctx.site.tls ? { passwordTrust: ctx.site.tls } : {}),
    },
  );
}
