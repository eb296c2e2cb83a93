// The mailbox checks' per-host fact: what they look at, read in one logged-in IMAP session of the test user.
import type { CheckContext } from '../core/check.js';
import { parseAclResponse, type AclResponse } from '../cyrus/acl.js';
import { delimiter, userImap, type UserImap } from '../checkkit/user-imap.js';
import { SENT_ITEMS } from '../ox/setpostacl.js';
import { imapQuoted, imapTokens } from '../protocols/imap-tokens.js';
import { factKey, memo } from './context.js';

// What the mailbox checks look at, read in ONE logged-in session per host and sweep (a per-host fact):
// each login costs an imapd process and a KDC round trip through saslauthd.
export interface MailboxView {
  readonly sep: string;
  readonly names: readonly string[]; // LIST "" "*"
  readonly sentItems: string; // INBOX<sep>Sent Items
  readonly acl: { readonly status: string; readonly text: string; readonly acl: AclResponse | undefined };
}

export const MAILBOX_VIEW_FACT = factKey<UserImap<MailboxView>>('mailbox.user-session');

export function mailboxView(ctx: CheckContext): Promise<UserImap<MailboxView>> {
  return memo(ctx, MAILBOX_VIEW_FACT, () =>
    userImap(ctx, async (client) => {
      const sep = await delimiter(client);
      const list = await client.command('LIST "" "*"');
      const names = list.untagged.flatMap((l) => (/^\* LIST /i.test(l) ? [imapTokens(l)[4] ?? ''] : []));
      const sentItems = `INBOX${sep}${SENT_ITEMS}`;
      const reply = await client.command(`GETACL ${imapQuoted(sentItems)}`);
      const acl = reply.untagged.map(parseAclResponse).find((a) => a !== null) ?? undefined;
      return { sep, names, sentItems, acl: { status: reply.status, text: reply.text, acl } };
    }),
  );
}
