// mailbox/folders: the test user's special folders exist (imapd.conf autocreate_inbox_folders, else the seed's list).
import type { Check, CheckContext } from '../../src/core/check.js';
import { crit, ok } from '../../src/core/result.js';
import { imapdOption } from '../../src/cyrus/imapd-conf.js';
import { imapdConf, IMAPD_CONF_PATH } from '../../src/facts/imapd-conf.js';
import { mailboxView } from '../../src/facts/mailbox-view.js';
import { mailboxOwner, sessionOutcome } from '../../src/checkkit/user-imap.js';

export const SEED_FOLDERS = ['Drafts', 'Sent Items', 'Junk', 'Trash'];

export const foldersCheck: Check = {
  id: 'mailbox/folders',
  title: "Test user's special folders",
  roles: ['groupware'],
  proves:
    "the folders cyrus autocreates (Drafts, Sent Items, Junk, Trash in the seed) exist in the test user's mailbox",
  timeoutMs: 15_000,
  async run(ctx) {
    const { expected, source } = await expectedFolders(ctx);
    const session = await mailboxView(ctx);
    if (session.kind === 'outcome') return session.outcome;
    const failed = sessionOutcome(ctx, session);
    if (failed || !session.result.ok) return failed!;
    const { result } = session;
    const owner = mailboxOwner(session.user);
    const { sep, names } = result.value.value;
    const have = new Set(names.map((n) => n.toLowerCase()));
    const missing = expected.filter((f) => !have.has(`inbox${sep}${f}`.toLowerCase()) && !have.has(f.toLowerCase()));
    if (missing.length === 0)
      return ok(`${owner} has all ${expected.length} folders (${expected.join(', ')}; list from ${source})`);
    return crit(
      `${owner} lacks ${missing.map((m) => `"${m}"`).join(', ')} (expected from ${source}; the mailbox has ${names.join(', ') || 'no folders'})`,
      {
        hint: `OX cannot file drafts, sent copies, spam or deleted mail there: create them (cyradm: cm "user${sep}${owner}${sep}${missing[0]}") and check autocreate_inbox_folders in ${IMAPD_CONF_PATH}`,
      },
    );
  },
};

async function expectedFolders(ctx: CheckContext): Promise<{ expected: string[]; source: string }> {
  const conf = await imapdConf(ctx);
  const listed = conf ? imapdOption(conf, 'autocreate_inbox_folders', 'autocreateinboxfolders') : undefined;
  const folders =
    listed
      ?.split('|')
      .map((f) => f.trim())
      .filter(Boolean) ?? [];
  if (folders.length > 0) return { expected: folders, source: `${IMAPD_CONF_PATH} autocreate_inbox_folders` };
  return { expected: SEED_FOLDERS, source: "the deployment's list" };
}
