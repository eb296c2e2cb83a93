// One message's trace from the queue stays that hand it on to each other: the hop table in time order (ties
// in hand-off order, so a sender's line comes before its receiver's in the same second) and each recipient's end.
import type { LogLine } from '../logs/types.js';
import type { HostAddressBook } from './address-book.js';
import { type EndContext, endsOf } from './ends.js';
import type { HandOff } from './links.js';
import type { QueueFile } from './queue-files.js';
import { describe, serviceOf } from './steps.js';
import type { MessageTrace, TraceHop } from './types.js';

// cyrus logs "Delivered:" within moments of the lmtp status line of the same message on the same host.
const CYRUS_WINDOW_MS = 60_000;

export interface MessageContext {
  readonly book: HostAddressBook;
  readonly handOffs: ReadonlyMap<QueueFile, readonly HandOff[]>; // by the stay that hands on
  readonly cyrus: readonly LogLine[]; // every cyrus "Delivered:" line read
  readonly horizon: number;
}

export function traceMessage(files: readonly QueueFile[], ctx: MessageContext): MessageTrace {
  const mine = files.flatMap((f) => ctx.handOffs.get(f) ?? []);
  const ordered = handOffOrder(files, mine);
  const cyrusLines = matchCyrus(ordered, ctx.cyrus);
  const rows: { line: LogLine; order: number; index: number; queueId?: string }[] = [];
  ordered.forEach((file, order) => {
    file.lines.forEach((line, index) => {
      rows.push({ line, order, index, queueId: file.queueId });
      const cyrus = cyrusLines.get(line);
      if (cyrus) rows.push({ line: cyrus, order, index: index + 0.5 });
    });
  });
  rows.sort((a, b) => (a.line.time ?? 0) - (b.line.time ?? 0) || a.order - b.order || a.index - b.index);
  const hops: TraceHop[] = [];
  let previous: number | undefined;
  for (const { line, queueId } of rows) {
    const { step, status } = describe(line, ctx.book);
    const delay = line.fields.delay === undefined ? undefined : Math.round(Number(line.fields.delay) * 1000);
    const since = previous !== undefined && line.time !== undefined ? line.time - previous : undefined;
    hops.push(compact({ host: line.host, time: line.time, queueId, step, status, delayMs: delay, line, since }));
    if (line.time !== undefined) previous = line.time;
  }
  const map = new Map(mine.map((h) => [h.line, h]));
  const endCtx: EndContext = { book: ctx.book, handOffs: map, cyrusLines, horizon: ctx.horizon };
  const starts = ordered.flatMap((f) => (f.firstTime === undefined ? [] : [f.firstTime]));
  return {
    messageId: ordered.find((f) => f.messageId)?.messageId,
    from: ordered.find((f) => f.from !== undefined)?.from,
    firstSeen: starts.length > 0 ? Math.min(...starts) : undefined,
    hops,
    ends: ordered.flatMap((f) => endsOf(f, endCtx)),
  };
}

function compact(h: {
  host: string;
  time?: number;
  queueId?: string;
  step: string;
  status?: string;
  delayMs?: number;
  since?: number;
  line: LogLine;
}): TraceHop {
  const { since, ...rest } = h;
  const hop: Record<string, unknown> = { ...rest, sincePreviousMs: since };
  for (const k of Object.keys(hop)) if (hop[k] === undefined || Number.isNaN(hop[k])) delete hop[k];
  return hop as unknown as TraceHop;
}

// The stays from the first (no hand-off into it, earliest) along the hand-offs, depth first.
function handOffOrder(files: readonly QueueFile[], handOffs: readonly HandOff[]): QueueFile[] {
  const set = new Set(files);
  const next = new Map<QueueFile, QueueFile[]>();
  const entered = new Set<QueueFile>();
  for (const h of handOffs) {
    if (!h.target || !set.has(h.from)) continue;
    next.set(h.from, [...(next.get(h.from) ?? []), h.target]);
    entered.add(h.target);
  }
  const byTime = [...files].sort((a, b) => (a.firstTime ?? 0) - (b.firstTime ?? 0));
  const out: QueueFile[] = [];
  const seen = new Set<QueueFile>();
  const queue = [...byTime.filter((f) => !entered.has(f)), ...byTime];
  while (queue.length > 0) {
    const f = queue.shift()!;
    if (seen.has(f)) continue;
    seen.add(f);
    out.push(f);
    queue.unshift(...(next.get(f) ?? []).filter((t) => !seen.has(t)));
  }
  return out;
}

// Each lmtp delivery line's cyrus "Delivered:" line: same host, same Message-ID, nearest in time, used once.
function matchCyrus(files: readonly QueueFile[], cyrus: readonly LogLine[]): Map<LogLine, LogLine> {
  const used = new Set<LogLine>();
  const out = new Map<LogLine, LogLine>();
  const ids = new Set(files.map((f) => f.messageId));
  cyrus = cyrus.filter((c) => ids.has(c.fields['message-id']));
  for (const file of files) {
    if (!file.messageId) continue;
    for (const line of file.lines) {
      if (line.kind !== 'delivered' || !/lmtp/.test(serviceOf(line))) continue;
      const match = cyrus
        .filter((c) => !used.has(c) && c.host === line.host && c.fields['message-id'] === file.messageId)
        .filter(
          (c) => c.time === undefined || line.time === undefined || Math.abs(c.time - line.time) <= CYRUS_WINDOW_MS,
        )
        .sort((a, b) => Math.abs((a.time ?? 0) - (line.time ?? 0)) - Math.abs((b.time ?? 0) - (line.time ?? 0)))[0];
      if (match) {
        used.add(match);
        out.set(line, match);
      }
    }
  }
  return out;
}
