// Afterwards (unless --keep): every test message is searched by its Message-ID in each folder a copy of it may
// be in (server A's INBOX, server B's INBOX and Sent Items: a sent copy refused by Sent Items lands in the INBOX)
// and exactly those UIDs are removed. Nothing else is touched.
import type { Folder, Mailbox } from './mailboxes.js';
import { within } from './within.js';

const STEP_MS = 5000;

const FOLDERS: readonly ['A' | 'B', Folder][] = [
  ['A', 'inbox'],
  ['B', 'inbox'],
  ['B', 'sent'],
];

export interface Cleaned {
  readonly deleted: number;
  readonly errors: readonly string[];
}

export async function deleteTestMessages(
  messageIds: readonly string[],
  mailboxes: Readonly<Partial<Record<'A' | 'B', Mailbox>>>,
): Promise<Cleaned> {
  let deleted = 0;
  const errors: string[] = [];
  // One mailbox at a time per server: an imapflow client selects one folder at a time.
  await Promise.all(
    (['A', 'B'] as const).map(async (server) => {
      const box = mailboxes[server];
      if (!box) return;
      for (const [, folder] of FOLDERS.filter(([s]) => s === server)) {
        for (const id of messageIds) {
          try {
            const uids = await within(box.find(id, folder), STEP_MS, `${box.where} search`);
            const removed = await within(box.remove(folder, uids), STEP_MS, `${box.where} delete`);
            deleted += removed; // not `deleted += await ...`: that reads deleted before the other server's wait
          } catch (err) {
            errors.push(`${box.where} ${folder}: ${err instanceof Error ? err.message : String(err)}`);
          }
        }
      }
    }),
  );
  return { deleted, errors };
}
