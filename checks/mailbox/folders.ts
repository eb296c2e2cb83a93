// mailbox/folders: the test user's special folders exist. Expected: the seed's list (Drafts, Sent Items, Junk, Trash)
// and whatever imapd.conf autocreate_inbox_folders adds; a seed folder that list lost is a finding of its own.
import type { Check, CheckContext } from '../../src/core/check.js';
import { crit, ok, warn } from '../../src/core/result.js';
import { imapdConf, IMAPD_CONF_PATH } from '../../src/facts/imapd-conf.js';
import { mailboxView } from '../../src/facts/mailbox-view.js';
import { mailboxOwner, sessionOutcome } from '../../src/checkkit/user-imap.js';
import { SEED_FOLDERS } from '../../src/seed/settings.js';

const SPELLINGS = ['autocreate_inbox_folders', 'autocreateinboxfolders']; // cyrus 3.x, 2.3

export const foldersCheck: Check = {
  id: 'mailbox/folders',
  title: "Test user's special folders",
  roles: ['groupware'],
  proves:
    "the folders cyrus autocreates (the seed's Drafts, Sent Items, Junk, Trash, and any more imapd.conf lists) exist in the test user's mailbox, and imapd.conf's autocreate list still has every folder the seed expects",
  catches: [
    "a seed folder missing from the test user's mailbox (deleted, or never created)",
    'no Sent Items in the mailbox: the folder sent copies and archive copies are filed in',
    "a folder imapd.conf's autocreate list adds is missing from the mailbox",
    'folders created under other names (Sent, Spam) than the ones OX and the archive copy use',
    "the test user's mailbox does not exist (never provisioned, or deleted)",
    "imapd.conf's autocreate list lost a seed folder: users created from now on lack it",
    'imapd.conf has no autocreate list: new users get none of the special folders',
    "the test user's password refused by imapd",
    'saslauthd down: every password login refused, the folders cannot be read',
    'imapd not listening where cyrus.conf puts it: connection refused',
    'imapd accepts but never greets (maxchild reached or imapd hung)',
  ],
  misses: [
    'Sent Items lacking the "anyone p" archive copies need (mailbox/sent-acl, sent-acl-sweep)',
    "other users' folders: only the test user's mailbox is listed (cyradm: lm user/NAME/*)",
    'a folder not subscribed (LSUB not read; config/seed-drift compares the autosubscribe list)',
    'a folder only in other letter case ("sent items"): names compared ignoring case (imtest LIST)',
    'a listed folder whose files are gone or damaged (not opened; SELECT it, or reconstruct)',
    'a folder over quota that refuses new mail (quota not read; cyradm lq user/NAME)',
    "the folder names OX is set to use for the user (not read; the user's mail settings in OX)",
    'the rest of imapd.conf drifting from the seed (config/seed-drift)',
  ],
  timeoutMs: 15_000,
  async run(ctx) {
    const list = await autocreateList(ctx);
    const expected = [...SEED_FOLDERS, ...(list?.folders.filter((f) => !SEED_FOLDERS.includes(f)) ?? [])];
    const lost = list ? SEED_FOLDERS.filter((f) => !list.folders.includes(f)) : [];
    const session = await mailboxView(ctx);
    if (session.kind === 'outcome') return session.outcome;
    const failed = sessionOutcome(ctx, session);
    if (failed || !session.result.ok) return failed!;
    const owner = mailboxOwner(session.user);
    const { sep, names } = session.result.value.value;
    const have = new Set(names.map((n) => n.toLowerCase()));
    const missing = expected.filter((f) => !have.has(`inbox${sep}${f}`.toLowerCase()) && !have.has(f.toLowerCase()));
    const lostText = list && lost.length > 0 ? `${list.where} lacks ${quoted(lost)}, which the seed expects` : '';
    const confHint = list && lost.length > 0 ? `; ${restore(list)}` : '';
    if (missing.length > 0) {
      const from = sourceOf(missing, list);
      return crit(
        `${owner} lacks ${quoted(missing)} (expected from ${from}; the mailbox has ${names.join(', ') || 'no folders'})${lostText ? `; ${lostText}` : ''}`,
        {
          hint: `OX cannot file drafts, sent copies, spam or deleted mail there: create them (cyradm: cm "user${sep}${owner}${sep}${missing[0]}") and check autocreate_inbox_folders in ${IMAPD_CONF_PATH}${confHint}`,
        },
      );
    }
    const all = `${owner} has all ${expected.length} folders (${expected.join(', ')}`;
    if (lostText) {
      return warn(`${all}), but ${lostText}: users created from now on get no ${quoted(lost)}`, {
        hint: `${restore(list!)}; config/seed-drift names every such drift`,
      });
    }
    return ok(`${all}; list from ${list ? `the deployment's list and ${list.where}` : "the deployment's list"})`);
  },
};

interface AutocreateList {
  readonly key: string;
  readonly folders: readonly string[];
  readonly where: string; // "/etc/imapd.conf autocreate_inbox_folders (line 31)"
  readonly line?: number;
}

// imapd.conf's autocreate list; an imapd.conf without one autocreates nothing. Null: no imapd.conf to judge.
async function autocreateList(ctx: CheckContext): Promise<AutocreateList | null> {
  const conf = await imapdConf(ctx);
  if (!conf) return null;
  const key = SPELLINGS.find((k) => conf.options.has(k)) ?? SPELLINGS[0]!;
  const folders = (conf.options.get(key) ?? '')
    .split('|')
    .map((f) => f.trim())
    .filter(Boolean);
  const line = conf.lines.get(key);
  const where = `${IMAPD_CONF_PATH} ${key}${line ? ` (line ${line})` : ''}`;
  return { key, folders, where, ...(line ? { line } : {}) };
}

function sourceOf(missing: readonly string[], list: AutocreateList | null): string {
  const inSeed = missing.some((f) => SEED_FOLDERS.includes(f));
  const inList = list !== null && missing.some((f) => list.folders.includes(f));
  if (inList && !inSeed) return `${IMAPD_CONF_PATH} ${list.key}`;
  if (inList) return `the deployment's list and ${IMAPD_CONF_PATH} ${list.key}`;
  return "the deployment's list";
}

function restore(list: AutocreateList): string {
  const folders = [...SEED_FOLDERS, ...list.folders.filter((f) => !SEED_FOLDERS.includes(f))].join('|');
  const place = list.line ? `line ${list.line} of ${IMAPD_CONF_PATH}` : IMAPD_CONF_PATH;
  return `set "${list.key}: ${folders}" in ${place}, then restart cyrus-imapd`;
}

const quoted = (folders: readonly string[]): string => folders.map((f) => `"${f}"`).join(', ');
