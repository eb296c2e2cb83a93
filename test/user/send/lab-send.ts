// Lab helpers for the --send tests: run sendAndFollow for a lab user on fresh connections, and look at the
// servers themselves (not through src/user/send) for what a test message left: copies in any folder of the
// user's mailbox on server A and B (imapflow as the lab's cyrus admin) and queue files on every postfix host.
import { ImapFlow } from 'imapflow';
import { TransportPool } from '../../../src/transport/index.js';
import { deleteTestMessages } from '../../../src/user/send/cleanup.js';
import { sendAndFollow, type SendReport } from '../../../src/user/send/index.js';
import { openMailbox } from '../../../src/user/send/mailboxes.js';
import { LAB_ADDRESSES, labExec, type LabHost } from '../../lab/lab.js';
import type { LabUser } from '../lab-user.js';

export interface Sent {
  readonly report: SendReport;
  readonly progress: readonly string[];
}

export async function send(user: LabUser, options: { keep?: boolean; timeoutMs?: number } = {}): Promise<Sent> {
  const pool = new TransportPool();
  const progress: string[] = [];
  try {
    const report = await sendAndFollow({
      site: user.site,
      transportFor: (h) => pool.get(h),
      target: user.target,
      keep: options.keep ?? false,
      onProgress: (text) => progress.push(text),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    return { report, progress };
  } finally {
    await pool.closeAll();
  }
}

export const messageIds = (report: SendReport): string[] => report.messages.map((m) => m.messageId);

// "servera INBOX/Sent Items <id>" for every copy of the messages still in the user's mailboxes.
export async function mailboxLeftovers(user: LabUser, ids: readonly string[]): Promise<string[]> {
  const admin = user.site.imapAdmin!;
  const found: string[] = [];
  for (const host of ['servera', 'serverb'] as const) {
    const client = new ImapFlow({
      host: LAB_ADDRESSES[host],
      port: 143,
      secure: false,
      logger: false,
      tls: { rejectUnauthorized: false },
      auth: { user: admin.login, pass: admin.password.reveal(), authzid: user.target.login, loginMethod: 'AUTH=PLAIN' },
    });
    await client.connect();
    try {
      for (const box of await client.list()) {
        const lock = await client.getMailboxLock(box.path);
        try {
          for (const id of ids) {
            const uids = (await client.search({ header: { 'message-id': id } }, { uid: true })) || [];
            if (uids.length > 0) found.push(`${host} ${box.path} ${id}`);
          }
        } finally {
          lock.release();
        }
      }
    } finally {
      await client.logout();
    }
  }
  return found;
}

const QUEUES = ['incoming', 'active', 'deferred', 'hold', 'maildrop'].map((q) => `/var/spool/postfix/${q}`);
const MAIL_HOSTS: readonly LabHost[] = ['relay', 'servera', 'serverb'];

// Queue ids (host -> ids) of the postfix queue files that hold one of the messages.
export async function queued(ids: readonly string[]): Promise<Map<LabHost, string[]>> {
  const out = new Map<LabHost, string[]>();
  for (const host of MAIL_HOSTS) {
    const args = ids.flatMap((id) => ['-e', id]);
    const r = await labExec(host, ['sh', '-c', 'grep -rlF "$@" 2>/dev/null; true', 'sh', ...args, ...QUEUES]);
    const files = r.stdout.split('\n').filter((l) => l.trim() !== '');
    if (files.length > 0)
      out.set(
        host,
        files.map((f) => f.slice(f.lastIndexOf('/') + 1)),
      );
  }
  return out;
}

// What a fault held back: each queue file of the messages removed by its own id (postsuper -d ID), nothing else.
export async function dropQueued(ids: readonly string[]): Promise<number> {
  let dropped = 0;
  for (const [host, qids] of await queued(ids)) {
    for (const qid of qids) {
      const r = await labExec(host, ['postsuper', '-d', qid]);
      if (r.code === 0) dropped++;
    }
  }
  return dropped;
}

// Removes kept copies the way sendAndFollow's cleanup does; resolves how many it removed.
export async function removeKept(user: LabUser, ids: readonly string[]): Promise<number> {
  const pool = new TransportPool();
  const admin = user.site.imapAdmin!;
  const login = { login: admin.login, password: admin.password, authzid: user.target.login };
  const open = (host: 'servera' | 'serverb') =>
    openMailbox(pool.get(user.site.hosts.find((h) => h.name === host)!), login, {
      host,
      address: LAB_ADDRESSES[host],
    });
  try {
    const [A, B] = await Promise.all([open('servera'), open('serverb')]);
    const { deleted } = await deleteTestMessages(ids, { A, B });
    await Promise.all([A.close(), B.close()]);
    return deleted;
  } finally {
    await pool.closeAll();
  }
}

// The Exchange stand-in's maildir files holding the messages (a copy handed to Exchange), removed: test mail
// must not pile up in the lab's Exchange mailboxes.
export async function dropFromExchange(ids: readonly string[]): Promise<number> {
  const args = ids.flatMap((id) => ['-e', id]);
  const r = await labExec('exchange', [
    'sh',
    '-c',
    'grep -rlF "$@" /var/mail/exchange 2>/dev/null; true',
    'sh',
    ...args,
  ]);
  const files = r.stdout.split('\n').filter((l) => l.startsWith('/var/mail/exchange/'));
  if (files.length > 0) await labExec('exchange', ['rm', '-f', '--', ...files]);
  return files.length;
}

// The user's live cyrus mailboxes on a host (ctl_mboxlist -d; deleted ones, mbtype with "d", left out).
export async function liveMailboxes(host: 'servera' | 'serverb', login: string): Promise<string[]> {
  const dump = await labExec(host, ['su', '-s', '/bin/sh', 'cyrus', '-c', '/usr/lib/cyrus/bin/ctl_mboxlist -d']);
  return dump.stdout
    .split('\n')
    .filter((l) => l.startsWith(`"user.${login}"`) || l.startsWith(`"user.${login}.`))
    .filter((l) => !/"mbtype": "[^"]*d[^"]*"/.test(l))
    .map((l) => /^"([^"]+)"/.exec(l)![1]!);
}
