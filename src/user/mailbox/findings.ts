// The steps of an existing mailbox: its folders against the seed's and imapd.conf's autocreate list, the Sent
// Items ACL (anyone p, setpostacl's contract), the quota, and when the newest message of INBOX and Sent Items came.
import type { Metric, Step } from '../../core/result.js';
import { formatAcl, grants } from '../../cyrus/acl.js';
import { imapdOption, type ImapdConf } from '../../cyrus/imapd-conf.js';
import { formatAge } from '../../core/time-text.js';
import { IMAPD_CONF_PATH } from '../../facts/imapd-conf.js';
import { ARCHIVE_CONSEQUENCE, OX_CRON, SETPOSTACL } from '../../ox/setpostacl.js';
import { SEED_FOLDERS } from '../../seed/settings.js';
import type { SentItemsAcl } from './admin-view.js';
import type { NewestSeen, QuotaSeen, UserView } from './user-view.js';

// Usage of the quota limit from which the step warns, and from which cyrus refuses mail (100 %).
const QUOTA_WARN_PERCENT = 90;

export interface Where {
  readonly host: string;
  readonly login: string;
  readonly archive: boolean; // server B, where the sent copies are posted into Sent Items
  readonly inbox: string; // the admin's name of the user's INBOX, "user/test1001"
}

export function expectedFolders(conf: ImapdConf | null): string[] {
  const list = conf ? imapdOption(conf, 'autocreate_inbox_folders', 'autocreateinboxfolders') : undefined;
  const more = (list ?? '')
    .split('|')
    .map((f) => f.trim())
    .filter((f) => f !== '' && !SEED_FOLDERS.includes(f));
  return [...SEED_FOLDERS, ...more];
}

export function foldersStep(w: Where, view: UserView, expected: readonly string[]): Step {
  const have = new Set(view.folders.map((f) => f.path.toLowerCase()));
  const missing = expected.filter((f) => !have.has(`inbox${view.sep}${f}`.toLowerCase()));
  if (missing.length === 0)
    return {
      name: 'folders',
      status: 'ok',
      summary: `${w.host}: ${w.login} has all ${expected.length} folders (${expected.join(', ')})`,
    };
  const sentGone = missing.includes('Sent Items');
  return {
    name: 'folders',
    status: sentGone ? 'crit' : 'warn',
    summary: `${w.host}: ${w.login} lacks ${missing.map((f) => `"${f}"`).join(', ')} (has ${view.folders.map((f) => f.path).join(', ')})${sentGone ? `: ${w.archive ? ARCHIVE_CONSEQUENCE : 'OX cannot file its sent copies'}` : ''}`,
    hint: `create them (cyradm: cm "${w.inbox}${view.sep}${missing[0]}"), then run ${SETPOSTACL} for the Sent Items ACL; check autocreate_inbox_folders in ${IMAPD_CONF_PATH}`,
  };
}

export function sentAclStep(w: Where, sentItems: string, acl: SentItemsAcl | undefined): Step {
  const name = 'Sent Items ACL';
  const fix = `run ${SETPOSTACL} on ${w.host} and check its line in ${OX_CRON}`;
  if (!acl || acl.status !== 'OK' || !acl.acl) {
    const text = acl ? `${acl.status} ${acl.text}` : 'not asked';
    return {
      name,
      status: w.archive ? 'crit' : 'warn',
      summary: `${w.host}: GETACL "${sentItems}" failed (${text})${w.archive ? `: ${ARCHIVE_CONSEQUENCE}` : ''}`,
      hint: `create the folder (cyradm: cm "${sentItems}"), then ${fix}`,
    };
  }
  const shown = formatAcl(acl.acl.acl);
  if (grants(acl.acl.acl, 'anyone', 'p'))
    return { name, status: 'ok', summary: `${w.host}: "${sentItems}" grants anyone p (${shown})` };
  // Only server B files sent copies by LMTP into Sent Items; on server A the cron job keeps it alike.
  return w.archive
    ? {
        name,
        status: 'crit',
        summary: `${w.host}: "${sentItems}" lacks "anyone p" (ACL: ${shown}): ${ARCHIVE_CONSEQUENCE}`,
        hint: fix,
      }
    : {
        name,
        status: 'warn',
        summary: `${w.host}: "${sentItems}" lacks "anyone p" (ACL: ${shown}), which setpostacl sets on every host`,
        hint: fix,
      };
}

export function quotaStep(w: Where, quota: QuotaSeen | null, view: UserView): { step: Step; metrics: Metric[] } {
  const total = view.folders.reduce((n, f) => n + (f.size ?? 0), 0);
  const messages = view.folders.reduce((n, f) => n + (f.messages ?? 0), 0);
  const sized = view.folders.some((f) => f.size !== undefined);
  const holds = `${messages} messages${sized ? `, ${sizeText(total)}` : ''} in ${view.folders.length} folders`;
  const metrics: Metric[] = [{ label: 'messages', value: messages, min: 0 }];
  const storage = quota?.storage;
  if (!storage || storage.limit === undefined || storage.limit <= 0)
    return {
      step: { name: 'quota', status: 'ok', summary: `${w.host}: ${w.login} has no quota limit; ${holds}` },
      metrics,
    };
  const used = storage.usage ?? total;
  const percent = Math.round((used / storage.limit) * 1000) / 10;
  metrics.push({ label: 'quota_used', value: percent, unit: '%', warn: `${QUOTA_WARN_PERCENT}`, crit: '100', min: 0 });
  const of = `${sizeText(used)} of ${sizeText(storage.limit)} (${percent} %)`;
  if (percent >= 100)
    return {
      step: {
        name: 'quota',
        status: 'crit',
        summary: `${w.host}: ${w.login} is over quota, ${of}: cyrus refuses new mail for it (over quota)`,
        hint: `raise the quota (cyradm: sq ${w.inbox} STORAGE <KB>) or have the user delete mail`,
      },
      metrics,
    };
  if (percent >= QUOTA_WARN_PERCENT)
    return {
      step: {
        name: 'quota',
        status: 'warn',
        summary: `${w.host}: ${w.login} uses ${of} of its quota: at 100 % cyrus refuses new mail`,
        hint: `raise the quota (cyradm: sq ${w.inbox} STORAGE <KB>) or have the user delete mail`,
      },
      metrics,
    };
  return {
    step: { name: 'quota', status: 'ok', summary: `${w.host}: ${w.login} uses ${of} of its quota; ${holds}` },
    metrics,
  };
}

// When mail last arrived (INBOX) or was filed as sent (Sent Items): facts for the engineer, not judged here.
export function newestSteps(
  w: Where,
  newest: readonly NewestSeen[],
  now: number,
): { steps: Step[]; metrics: Metric[] } {
  const steps: Step[] = [];
  const metrics: Metric[] = [];
  for (const box of newest) {
    const label = box.path.toUpperCase() === 'INBOX' ? 'inbox' : 'sent_items';
    metrics.push({ label: `${label}_messages`, value: box.messages, min: 0 });
    if (box.newest)
      metrics.push({ label: `${label}_newest_age`, value: Math.round((now - box.newest.getTime()) / 1000), unit: 's' });
    const summary =
      box.messages === 0
        ? `${w.host}: ${w.login}'s ${box.path} is empty`
        : `${w.host}: ${w.login}'s ${box.path} has ${box.messages} messages, the newest filed ${box.newest ? `${box.newest.toISOString()} (${formatAge(now - box.newest.getTime())} ago)` : 'at an unreadable date'}`;
    steps.push({ name: `newest in ${box.path}`, status: 'ok', summary });
  }
  return { steps, metrics };
}

export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${Math.round(bytes / 102.4) / 10} KB`;
  if (bytes < 1024 ** 3) return `${Math.round(bytes / 1024 / 102.4) / 10} MB`;
  return `${Math.round(bytes / 1024 ** 2 / 102.4) / 10} GB`;
}
