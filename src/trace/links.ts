// How one queue stay hands a message to the next: a delivery line's "queued as X" to the host listening on the
// relay address (loopback: the same host, as amavis' re-injection), amavis' queued_as, and server A's pipe to
// procmail, whose re-injection over ssmtp gets a new queue id that only the Message-ID (and time) joins.
import type { LogLine } from '../logs/types.js';
import type { HostAddressBook } from './address-book.js';
import type { QueueFile } from './queue-files.js';

export interface HandOff {
  readonly from: QueueFile;
  readonly line: LogLine; // the delivery (or amavis) line that hands the message on
  readonly toHosts: readonly string[]; // where the next queue id must be
  readonly queuedAs?: string; // undefined for a pipe re-injection (joined by Message-ID)
  readonly target?: QueueFile; // undefined: the receiving host has no line for it (lost)
}

// A pipe's re-injection arrives within this time after the pipe line (procmail, altermime, ssmtp).
const REINJECT_WINDOW_MS = 10 * 60_000;
// Stamps of different hosts (and whole-second RFC 3164 stamps) may disagree a little.
const SLACK_MS = 5_000;
// The receiving queue stay starts before the sender logs "queued as"; a day covers any clock trouble.
const QUEUED_AS_WINDOW_MS = 24 * 3600_000;

export function isPipeDelivery(line: LogLine): boolean {
  return line.kind === 'delivered' && (line.program ?? '').endsWith('/pipe') && !line.fields.queued_as;
}

export function findHandOffs(files: readonly QueueFile[], book: HostAddressBook): HandOff[] {
  const byHostId = indexBy(files, (f) => `${f.host}/${f.queueId}`);
  const byHostMessage = indexBy(files, (f) => (f.messageId ? `${f.host}/${f.messageId}` : undefined));
  const out: HandOff[] = [];
  for (const from of files) {
    for (const line of from.lines) {
      const queuedAs = line.fields.queued_as;
      if (line.kind === 'delivered' && queuedAs) {
        const toHosts = line.fields.relay_ip ? book.hostsAt(line.fields.relay_ip, from.host) : [];
        if (toHosts.length === 0) continue; // outside the site (Exchange): an end, not a hand-off
        const candidates = toHosts.flatMap((h) => byHostId.get(`${h}/${queuedAs}`) ?? []);
        out.push({
          from,
          line,
          toHosts,
          queuedAs,
          target: closest(candidates, line.time, QUEUED_AS_WINDOW_MS, QUEUED_AS_WINDOW_MS),
        });
      } else if (line.kind === 'passed' && queuedAs) {
        const target = closest(
          byHostId.get(`${from.host}/${queuedAs}`) ?? [],
          line.time,
          QUEUED_AS_WINDOW_MS,
          QUEUED_AS_WINDOW_MS,
        );
        out.push({ from, line, toHosts: [from.host], queuedAs, target });
      } else if (isPipeDelivery(line)) {
        const same = from.messageId ? (byHostMessage.get(`${from.host}/${from.messageId}`) ?? []) : [];
        out.push({ from, line, toHosts: [from.host], target: reinjection(same, from, line) });
      }
    }
  }
  return out;
}

// The queue stay on the same host with the same Message-ID that starts right after the pipe delivery.
// same: the stays on the pipe's host with its Message-ID.
function reinjection(same: readonly QueueFile[], from: QueueFile, line: LogLine): QueueFile | undefined {
  return closest(
    same.filter((f) => f !== from),
    line.time,
    0,
    REINJECT_WINDOW_MS,
  );
}

function indexBy(files: readonly QueueFile[], key: (f: QueueFile) => string | undefined): Map<string, QueueFile[]> {
  const out = new Map<string, QueueFile[]>();
  for (const f of files) {
    const k = key(f);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list) list.push(f);
    else out.set(k, [f]);
  }
  return out;
}

// The stay starting nearest to time, within [time - beforeMs, time + afterMs] (plus the clocks' slack).
function closest(
  files: readonly QueueFile[],
  time: number | undefined,
  beforeMs: number,
  afterMs: number,
): QueueFile | undefined {
  if (time === undefined) return files[0];
  let best: QueueFile | undefined;
  let bestGap = Infinity;
  for (const f of files) {
    const start = f.firstTime ?? time;
    const gap = Math.abs(start - time);
    if (start < time - beforeMs - SLACK_MS || start > time + afterMs + SLACK_MS) continue;
    if (gap < bestGap) [best, bestGap] = [f, gap];
  }
  return best;
}
