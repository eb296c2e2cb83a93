// Where each recipient's copy of a message ended: the last delivery line of each recipient in each queue stay
// that does not hand the message on (delivered, deferred, bounced), a hand-off the receiving host has no line
// for (lost), a stay with no delivery attempt (still queued) or refused (rejected).
import type { LogLine } from '../logs/types.js';
import type { HostAddressBook } from './address-book.js';
import type { HandOff } from './links.js';
import type { QueueFile } from './queue-files.js';
import { cyrusMailbox, isDelivery, peerOf, serviceOf } from './steps.js';
import type { RecipientEnd } from './types.js';

// The tail of a deferred end's detail until the host's queue says more (queue-state.ts).
export const RETRIES = '; postfix retries from the deferred queue';

export interface EndContext {
  readonly book: HostAddressBook;
  readonly handOffs: ReadonlyMap<LogLine, HandOff>;
  readonly cyrusLines: ReadonlyMap<LogLine, LogLine>; // an lmtp delivery line -> cyrus' own "Delivered:" line
  readonly horizon: number; // epoch ms up to which the logs were read
}

export function endsOf(file: QueueFile, ctx: EndContext): RecipientEnd[] {
  const last = new Map<string, LogLine>();
  for (const line of file.lines) if (isDelivery(line)) last.set(`${line.fields.to}\n${line.fields.orig_to}`, line);
  if (last.size === 0) return stayEnd(file);
  const expired = file.lines.find((l) => l.kind === 'expired' && !l.fields.to);
  const out: RecipientEnd[] = [];
  for (const line of last.values()) {
    const end = deliveryEnd(file, line, ctx, expired);
    if (end) out.push(end);
  }
  return out;
}

function base(line: LogLine): { recipient: string; time?: number; queueId?: string } {
  return { recipient: line.fields.orig_to ?? line.fields.to ?? '?', time: line.time, queueId: line.queueId };
}

function deliveryEnd(
  file: QueueFile,
  line: LogLine,
  ctx: EndContext,
  expired: LogLine | undefined,
): RecipientEnd | undefined {
  const f = line.fields;
  const where = `${file.host} (${file.queueId})`;
  const handOff = ctx.handOffs.get(line);
  if (handOff?.target) return undefined; // the trail goes on in the next queue stay
  if (handOff) return lost(handOff, ctx.horizon);
  if (line.kind === 'deferred' && expired) {
    return { ...base(line), state: 'bounced', host: file.host, detail: `expired on ${where}: ${f.status_text}` };
  }
  if (line.kind === 'deferred' && file.removed) {
    const detail = `deferred on ${where}: ${f.status_text ?? '?'}; then removed from the queue undelivered (postsuper -d?)`;
    return { ...base(line), state: 'lost', host: file.host, detail };
  }
  if (line.kind === 'deferred') {
    const detail = `deferred on ${where}: ${f.status_text ?? '?'}${RETRIES}`;
    return { ...base(line), state: 'deferred', host: file.host, detail };
  }
  if (line.kind !== 'delivered' && line.kind !== 'deliverable') {
    return { ...base(line), state: 'bounced', host: file.host, detail: `${line.kind} on ${where}: ${f.status_text}` };
  }
  return deliveredEnd(file, line, ctx);
}

function deliveredEnd(file: QueueFile, line: LogLine, ctx: EndContext): RecipientEnd {
  const f = line.fields;
  const svc = serviceOf(line);
  const reply = f.status_text ? ` (${f.status_text})` : '';
  const cyrus = ctx.cyrusLines.get(line);
  if (cyrus || /lmtp/.test(svc)) {
    const mailbox = cyrus ? cyrusMailbox(cyrus) : undefined;
    const inbox = mailbox ? inboxInstead(f.to, mailbox) : '';
    const detail = mailbox
      ? `mailbox ${mailbox} on ${file.host}${inbox}`
      : `lmtp on ${file.host}${reply}, no cyrus line read`;
    return { ...base(line), state: 'delivered', host: file.host, detail, time: cyrus?.time ?? line.time };
  }
  const blocked = file.lines.find((l) => l.kind === 'blocked');
  if (blocked) {
    const b = blocked.fields;
    const detail = `blocked by amavis on ${file.host}: ${[b.verdict, b.virus ?? b.detail].filter(Boolean).join(' ')}`;
    return { ...base(line), state: 'rejected', host: file.host, detail };
  }
  const toSite = f.relay_ip ? ctx.book.hostsAt(f.relay_ip, file.host).length > 0 : false;
  const what = toSite ? `handed to ${peerOf(line, ctx.book)} with no queue id in the reply` : `handed to`;
  const detail = toSite ? `${what}${reply}` : `${svc} ${what} ${peerOf(line, ctx.book)}${reply}`;
  return { ...base(line), state: 'delivered', host: file.host, detail };
}

// "user+folder@" delivered to the user's INBOX: cyrus files mail there when the folder refuses the post (no 'p'
// right for the poster, as setpostacl grants it) or does not exist.
function inboxInstead(to: string | undefined, mailbox: string): string {
  const detail = /^[^+@]+\+([^@]+)@/.exec(to ?? '')?.[1];
  if (!detail || !/^(?:[^!]+!)?user[./][^./]+$/.test(mailbox)) return '';
  return ` - the INBOX, not the +${detail} folder: the folder refused the post (no 'p' right?) or does not exist`;
}

function lost(h: HandOff, horizon: number): RecipientEnd {
  const seconds = h.line.time === undefined ? 0 : Math.max(0, Math.floor((horizon - h.line.time) / 1000));
  // Traced moments after the hand-off, "within 0 minutes" would read as nothing searched.
  const span = seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} minutes`;
  const hosts = h.toHosts.join(' or ');
  const what = h.queuedAs ? `${h.from.queueId} queued as ${h.queuedAs}` : `re-injection of ${h.from.queueId}`;
  const detail = `no line on ${hosts} within ${span} after the hand-off (${what} on ${h.from.host})`;
  return { ...base(h.line), state: 'lost', host: hosts, detail, queueId: h.queuedAs };
}

// A queue stay without any delivery line: refused, or still waiting.
function stayEnd(file: QueueFile): RecipientEnd[] {
  const reject = file.lines.find((l) => l.kind === 'reject' || l.kind === 'discard');
  const recipient = file.lines.find((l) => l.fields.to)?.fields.to ?? '(all)';
  if (reject) {
    const detail = `${reject.kind === 'reject' ? 'rejected' : 'discarded'} by ${file.host} ${serviceOf(reject)}`;
    const reply = reject.fields.reply ? `: ${reject.fields.reply}` : '';
    const end = { recipient, state: 'rejected' as const, host: file.host, detail: `${detail}${reply}` };
    return [{ ...end, time: reject.time, queueId: file.queueId }];
  }
  if (file.removed) return [];
  const hold = file.lines.some((l) => l.kind === 'hold') && !file.lines.some((l) => l.kind === 'released');
  const detail = hold
    ? `on hold on ${file.host} (${file.queueId})`
    : `still in the queue on ${file.host} (${file.queueId}), no delivery attempt logged`;
  return [{ recipient, state: 'queued', host: file.host, detail, time: file.lastTime, queueId: file.queueId }];
}
