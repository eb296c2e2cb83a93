// The one sentence of a mailbox where every step is OK: what was proven, with the numbers that matter.
import { formatAge } from '../../core/time-text.js';
import type { AdminView } from './admin-view.js';
import { sizeText, type Where } from './findings.js';
import type { UserView } from './user-view.js';

// "serverb: test1001's mailbox user/test1001 (archive copies and Sent Items) has all 4 folders, ..." in one sentence.
export function okSummary(where: Where, view: AdminView, user: UserView | undefined, expected: number): string {
  const role = where.archive ? 'archive copies and Sent Items' : 'its mail';
  const parts = [`all ${expected} folders`, 'anyone p on Sent Items'];
  if (user) {
    const messages = user.folders.reduce((n, f) => n + (f.messages ?? 0), 0);
    const limit = user.quota?.storage?.limit;
    parts.push(
      `${limit ? `${sizeText(user.quota?.storage?.usage ?? 0)} of a ${sizeText(limit)} quota` : 'no quota limit'} (${messages} messages)`,
    );
    for (const box of user.newest)
      parts.push(`${box.path} ${box.newest ? `newest ${formatAge(Date.now() - box.newest.getTime())} ago` : 'empty'}`);
  }
  return `${where.host}: ${where.login}'s mailbox ${view.inbox} (${role}) has ${parts.join(', ')}, and an active sieve script`;
}
