// The trace engine over lines already read: queue stays, the hand-offs between them, the stays the query names
// and everything joined to them, one MessageTrace per message (newest first), and the exit code.
import type { LogLine } from '../logs/types.js';
import type { HostAddressBook } from './address-book.js';
import { findHandOffs, type HandOff } from './links.js';
import { traceMessage } from './message.js';
import { attachAmavisTrouble, attachAmavisVerdicts, groupQueueFiles, type QueueFile } from './queue-files.js';
import { serviceOf } from './steps.js';
import type { EndState, MessageTrace, TraceQuery, TraceResult } from './types.js';

// An address can name many messages: the newest this many.
export const MAX_MESSAGES = 50;

export function buildTrace(lines: readonly LogLine[], query: TraceQuery, book: HostAddressBook): TraceResult {
  const files = groupQueueFiles(lines);
  attachAmavisVerdicts(files, lines);
  attachAmavisTrouble(files, lines);
  const handOffs = findHandOffs(files, book);
  const groups = messagesOf(files, handOffs);
  const seeds = new Set(files.filter((f) => seeded(f, query)));
  const inWindow = (t?: number): boolean =>
    t === undefined ||
    ((query.since === undefined || t >= query.since) && (query.until === undefined || t <= query.until));
  const cyrus = lines.filter((l) => l.kind === 'delivered' && l.fields['message-id'] && !l.queueId && !l.fields.to);
  const ctx = { book, handOffs: byFrom(handOffs), cyrus, horizon: query.until ?? Date.now() };
  // only the newest MAX_MESSAGES in the window are traced (an address can name thousands)
  const picked = groups
    .filter((g) => g.some((f) => seeds.has(f)))
    .map((g) => ({ g, first: firstTimeOf(g) }))
    .filter(({ first }) => inWindow(first))
    .sort((a, b) => (b.first ?? 0) - (a.first ?? 0))
    .slice(0, MAX_MESSAGES);
  const messages: MessageTrace[] = picked.map(({ g }) => traceMessage(g, ctx));
  if (query.address) messages.push(...rejectsOf(lines, query.address).filter((m) => inWindow(m.firstSeen)));
  messages.sort((a, b) => (b.firstSeen ?? 0) - (a.firstSeen ?? 0));
  const kept = messages.slice(0, MAX_MESSAGES);
  return { query, messages: kept, exitCode: exitCodeOf(kept) };
}

function firstTimeOf(group: readonly QueueFile[]): number | undefined {
  let first: number | undefined;
  for (const f of group)
    if (f.firstTime !== undefined && (first === undefined || f.firstTime < first)) first = f.firstTime;
  return first;
}

function byFrom(handOffs: readonly HandOff[]): Map<QueueFile, HandOff[]> {
  const out = new Map<QueueFile, HandOff[]>();
  for (const h of handOffs) {
    const list = out.get(h.from);
    if (list) list.push(h);
    else out.set(h.from, [h]);
  }
  return out;
}

// Stays joined by hand-offs (either way) are one message.
function messagesOf(files: readonly QueueFile[], handOffs: readonly HandOff[]): QueueFile[][] {
  const parent = new Map<QueueFile, QueueFile>(files.map((f) => [f, f]));
  const find = (f: QueueFile): QueueFile => {
    while (parent.get(f) !== f) f = parent.get(f)!;
    return f;
  };
  for (const h of handOffs) if (h.target) parent.set(find(h.target), find(h.from));
  const groups = new Map<QueueFile, QueueFile[]>();
  for (const f of files) {
    const root = find(f);
    const group = groups.get(root);
    if (group) group.push(f);
    else groups.set(root, [f]);
  }
  return [...groups.values()];
}

const bare = (id: string): string => id.trim().replace(/^<(.*)>$/, '$1');

function seeded(file: QueueFile, query: TraceQuery): boolean {
  if (query.queueId !== undefined) return file.queueId === query.queueId;
  if (query.messageId !== undefined) return file.messageId === bare(query.messageId);
  if (query.address !== undefined) return file.lines.some((l) => mentions(l, query.address!));
  return false;
}

function mentions(line: LogLine, address: string): boolean {
  const a = address.toLowerCase();
  const f = line.fields;
  const listed = (v?: string): boolean => v !== undefined && v.toLowerCase().split(',').includes(a);
  return listed(f.from) || listed(f.to) || listed(f.orig_to);
}

// NOQUEUE rejects name no queue id: each one that names the address is a message of its own.
function rejectsOf(lines: readonly LogLine[], address: string): MessageTrace[] {
  return lines
    .filter((l) => l.kind === 'reject' && !l.queueId && mentions(l, address))
    .map((l) => {
      const step = `${serviceOf(l)}: NOQUEUE reject ${l.fields.stage ?? ''}`.trimEnd();
      const detail = `rejected by ${l.host} ${serviceOf(l)}: ${l.fields.reply ?? ''}`;
      const recipient = l.fields.to ?? address;
      return {
        from: l.fields.from,
        firstSeen: l.time,
        hops: [{ host: l.host, time: l.time, step, status: l.fields.reply, line: l }],
        ends: [{ recipient, state: 'rejected' as EndState, host: l.host, detail, time: l.time }],
      };
    });
}

const SEVERITY: Readonly<Record<EndState, 0 | 1 | 2>> = {
  delivered: 0,
  deferred: 1,
  queued: 1,
  bounced: 2,
  rejected: 2,
  lost: 2,
};

export function exitCodeOf(messages: readonly MessageTrace[]): 0 | 1 | 2 | 3 {
  if (messages.length === 0) return 3;
  let code: 0 | 1 | 2 = 0;
  for (const m of messages) for (const e of m.ends) code = Math.max(code, SEVERITY[e.state]) as 0 | 1 | 2;
  return code;
}
