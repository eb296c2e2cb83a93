// The user's mailbox on one cyrus, read with imapflow through the host's tunnel: as the configured cyrus admin on
// the user's behalf (SASL PLAIN authzid), else as the user with the given password. Finds a test message by its
// Message-ID in INBOX or Sent Items and deletes exactly those UIDs (UID EXPUNGE; without UIDPLUS the messages are
// only flagged, since a plain EXPUNGE would also remove other messages the user flagged \Deleted).
import { ImapFlow } from 'imapflow';
import type { Secret } from '../../core/redact.js';
import type { Transport } from '../../core/transport.js';

export type Folder = 'inbox' | 'sent';

export interface MailboxLogin {
  readonly login: string;
  readonly password: Secret;
  readonly authzid?: string;
}

export interface Mailbox {
  readonly where: string; // "servera 127.0.10.2:143"
  find(messageId: string, folder: Folder): Promise<number[]>;
  // Removes the UIDs from the folder; resolves how many are gone (or flagged, without UIDPLUS).
  remove(folder: Folder, uids: readonly number[]): Promise<number>;
  close(): Promise<void>;
}

export interface MailboxOptions {
  readonly host: string;
  readonly address: string;
  readonly port?: number;
  readonly requireTrusted?: boolean;
  readonly timeoutMs?: number;
}

const SENT = /^sent items$/i;

export async function openMailbox(
  transport: Transport,
  login: MailboxLogin,
  options: MailboxOptions,
): Promise<Mailbox> {
  if ([login.login, login.authzid ?? ''].some((v) => /[\r\n\0]/.test(v)))
    throw new TypeError('IMAP login name contains CR, LF or NUL');
  const port = options.port ?? 143;
  const tunnel = await transport.tunnel(options.address, port);
  const client = new ImapFlow({
    host: tunnel.host,
    port: tunnel.port,
    secure: false,
    logger: false,
    connectionTimeout: options.timeoutMs ?? 10_000,
    greetingTimeout: options.timeoutMs ?? 10_000,
    tls: {
      rejectUnauthorized: options.requireTrusted ?? false,
      ...(/^[\d.]+$|:/.test(options.address) ? {} : { servername: options.address }),
    },
    auth: {
      user: login.login,
      pass: login.password.reveal(),
      ...(login.authzid ? { authzid: login.authzid, loginMethod: 'AUTH=PLAIN' } : {}),
    },
  });
  client.on('error', () => undefined); // a dropped connection shows as the next command's failure
  try {
    await client.connect();
  } catch (err) {
    await tunnel.close();
    throw new Error(imapError(err, `${options.host} ${options.address}:${port}`), { cause: err });
  }
  let sentPath: string | undefined;
  const pathOf = async (folder: Folder): Promise<string> => {
    if (folder === 'inbox') return 'INBOX';
    if (sentPath === undefined) {
      const list = await client.list();
      const found = list.find((m) => SENT.test(m.name) || m.specialUse === '\\Sent');
      if (!found) throw new Error('the mailbox has no Sent Items folder');
      sentPath = found.path;
    }
    return sentPath;
  };
  const inFolder = async <T>(folder: Folder, work: (path: string) => Promise<T>): Promise<T> => {
    const path = await pathOf(folder);
    const lock = await client.getMailboxLock(path);
    try {
      await client.noop(); // new messages are announced before the search runs
      return await work(path);
    } finally {
      lock.release();
    }
  };
  return {
    where: `${options.host} ${options.address}:${port}`,
    find: (messageId, folder) =>
      inFolder(folder, async () => {
        const found = await client.search({ header: { 'message-id': `<${messageId}>` } }, { uid: true });
        return found === false || found === undefined ? [] : found;
      }),
    remove: (folder, uids) =>
      uids.length === 0
        ? Promise.resolve(0)
        : inFolder(folder, async () => {
            const range = uids.join(',');
            if (client.capabilities.has('UIDPLUS')) {
              await client.messageDelete(range, { uid: true });
              return uids.length;
            }
            await client.messageFlagsAdd(range, ['\\Deleted'], { uid: true });
            return uids.length;
          }),
    close: async () => {
      await client.logout().catch(() => client.close());
      await tunnel.close();
    },
  };
}

// imapflow's errors carry the server's answer in responseText; the message alone says "Command failed".
export function imapError(err: unknown, where: string): string {
  const e = err as { message?: string; responseText?: string; code?: string; authenticationFailed?: boolean };
  if (e.authenticationFailed) return `IMAP login at ${where} refused${e.responseText ? `: ${e.responseText}` : ''}`;
  const text = e.responseText ?? e.message ?? String(err);
  return `IMAP at ${where}: ${e.code ? `${e.code}: ` : ''}${text}`;
}
