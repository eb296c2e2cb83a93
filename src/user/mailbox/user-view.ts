// What the user's own mailbox shows, read with imapflow in a session the cyrus admin opens on the user's behalf
// (SASL PLAIN authzid): its folders with their message counts and sizes (LIST-STATUS where offered), the quota of
// INBOX (GETQUOTAROOT), and when the newest message of INBOX and of Sent Items arrived (EXAMINE, read-only, and the
// INTERNALDATE of the last message). Nothing is flagged, moved or written.
import type { ImapFlow } from 'imapflow';
import { SENT_ITEMS } from '../../ox/setpostacl.js';

export interface FolderSeen {
  readonly path: string; // "INBOX/Sent Items"
  readonly messages?: number;
  readonly size?: number; // octets, where the server has STATUS=SIZE
}

export interface QuotaSeen {
  readonly root?: string;
  readonly storage?: { readonly usage?: number; readonly limit?: number }; // octets
  readonly message?: { readonly usage?: number; readonly limit?: number };
}

export interface NewestSeen {
  readonly path: string;
  readonly messages: number;
  readonly newest?: Date; // INTERNALDATE of the last message: when cyrus filed it
}

export interface UserView {
  readonly sep: string;
  readonly folders: readonly FolderSeen[];
  readonly quota: QuotaSeen | null; // null: the server answered no quota root
  readonly newest: readonly NewestSeen[]; // INBOX, then Sent Items when it exists
}

export async function readUserView(client: ImapFlow): Promise<UserView> {
  const withSize = client.capabilities.has('STATUS=SIZE') || client.capabilities.has('IMAP4rev2');
  const listed = await client.list({ statusQuery: { messages: true, ...(withSize ? { size: true } : {}) } });
  const sep = listed.find((f) => f.path.toUpperCase() === 'INBOX')?.delimiter ?? listed[0]?.delimiter ?? '/';
  const folders = listed.map((f) => ({
    path: f.path,
    ...(f.status?.messages === undefined ? {} : { messages: f.status.messages }),
    ...(f.status?.size === undefined ? {} : { size: f.status.size }),
  }));
  const quotaAnswer = await client.getQuota('INBOX');
  const quota = quotaAnswer
    ? {
        ...(quotaAnswer.quotaRoot ? { root: quotaAnswer.quotaRoot } : {}),
        ...(quotaAnswer.storage ? { storage: quotaAnswer.storage } : {}),
        ...(quotaAnswer.message ? { message: quotaAnswer.message } : {}),
      }
    : null;
  const sentItems = `INBOX${sep}${SENT_ITEMS}`;
  const wanted = ['INBOX', ...(folders.some((f) => f.path === sentItems) ? [sentItems] : [])];
  const newest: NewestSeen[] = [];
  for (const path of wanted) newest.push(await newestOf(client, path));
  return { sep, folders, quota, newest };
}

async function newestOf(client: ImapFlow, path: string): Promise<NewestSeen> {
  const box = await client.mailboxOpen(path, { readOnly: true });
  if (box.exists === 0) return { path, messages: 0 };
  const last = await client.fetchOne('*', { internalDate: true });
  const date = last && last.internalDate ? new Date(last.internalDate) : undefined;
  return { path, messages: box.exists, ...(date && !Number.isNaN(date.getTime()) ? { newest: date } : {}) };
}
