// mailbox/sent-acl: the test user's Sent Items lets anyone post ("anyone p"), as setpostacl sets it.
import type { Check } from '../../src/core/check.js';
import { crit, ok, warn } from '../../src/core/result.js';
import { formatAcl, grants } from '../../src/cyrus/acl.js';
import { ARCHIVE_CONSEQUENCE, OX_CRON, SETPOSTACL } from '../../src/ox/setpostacl.js';
import { mailboxView } from '../../src/facts/mailbox-view.js';
import { mailboxOwner, sessionOutcome } from '../../src/checkkit/user-imap.js';

export const sentAclCheck: Check = {
  id: 'mailbox/sent-acl',
  title: "Test user's Sent Items ACL",
  roles: ['groupware'],
  proves: 'GETACL on the test user\'s INBOX/Sent Items shows "anyone p", so the archive copy can be delivered into it',
  catches: [
    'the test user\'s Sent Items lacks "anyone p": archive copies land in INBOX',
    'the test user has no Sent Items folder at all',
    "imapd refuses the test user's password",
    'imapd down: connection refused',
  ],
  misses: [
    'other users\' Sent Items without "anyone p" (mailbox/sent-acl-sweep on the archive host)',
    "setpostacl's cron line gone while this ACL still holds (mailbox/sent-acl-sweep, cron/ox-jobs)",
    'copies that never reach server B (postfix/archive-copy, postfix/sent-copy, postfix/handoffs)',
    'delivery into Sent Items failing for another reason: quota, locked mailbox (service/lmtp; maillog on server B)',
  ],
  timeoutMs: 15_000,
  async run(ctx) {
    const session = await mailboxView(ctx);
    if (session.kind === 'outcome') return session.outcome;
    const failed = sessionOutcome(ctx, session);
    if (failed || !session.result.ok) return failed!;
    const { result, endpoint } = session;
    const owner = mailboxOwner(session.user);
    const {
      sentItems: mailbox,
      acl: { status, text, acl },
    } = result.value.value;
    const hint = `run ${SETPOSTACL} on ${ctx.host.name} and check its line in ${OX_CRON}`;
    if (status !== 'OK' || !acl) {
      const missing = /nonexistent|not exist/i.test(text);
      return (missing ? crit : warn)(
        `GETACL "${mailbox}" of ${owner} at ${endpoint.target} failed: ${status} ${text}`,
        {
          hint: missing
            ? `the folder is missing: ${ARCHIVE_CONSEQUENCE}; create it, then ${hint}`
            : `the user may lack the "a" right on its own folder; ${hint}`,
        },
      );
    }
    if (grants(acl.acl, 'anyone', 'p')) return ok(`"${mailbox}" of ${owner} grants anyone p (${formatAcl(acl.acl)})`);
    return crit(`"${mailbox}" of ${owner} lacks "anyone p" (ACL: ${formatAcl(acl.acl)}): ${ARCHIVE_CONSEQUENCE}`, {
      hint,
    });
  },
};
