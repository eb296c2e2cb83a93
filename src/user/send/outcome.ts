// What the follow-up found, as the report says it: each copy seen (and when), stopped (where, why, and what is
// left in a queue), or not seen in time; and one sentence for the whole send.
import { worst, type Status } from '../../core/status.js';
import type { CopyState, Followed } from './follow.js';
import type { SendCopy, SentMessage } from './types.js';

export interface CopyContext {
  readonly mailboxErrors: Readonly<Partial<Record<'A' | 'B', string>>>;
  readonly waitedMs: number;
}

export function sentMessage(f: Followed, ctx: CopyContext): SentMessage {
  const s = f.submission;
  return {
    via: s.via,
    messageId: s.message.messageId,
    submitted: new Date(s.submitted).toISOString(),
    ...(s.queueId ? { queueId: s.queueId } : {}),
    copies: f.copies.map((c) => sendCopy(f, c, ctx)),
  };
}

function sendCopy(f: Followed, c: CopyState, ctx: CopyContext): SendCopy {
  const { submission } = f;
  const base = { name: c.plan.route.name, where: c.plan.where, hops: c.trail?.hops ?? [] };
  const seconds = (at: number) => Math.max(0, Math.round((at - submission.submitted) / 100) / 10);
  if (submission.error) return { ...base, status: 'crit', stoppedAt: `not submitted: ${submission.error}` };
  const unscanned = c.trail?.notScanned;
  if (c.seenAt !== undefined) {
    return {
      ...base,
      status: unscanned ? 'warn' : 'ok',
      seconds: seconds(c.seenAt),
      ...(unscanned ? { stoppedAt: `delivered, but ${unscanned}` } : {}),
    };
  }
  const end = c.trail?.end;
  if (c.trail?.stop) return { ...base, status: 'crit', stoppedAt: `${c.trail.stop}${leftover(c)}` };
  const unread = c.plan.readable ? ctx.mailboxErrors[c.plan.server] : undefined;
  if (end?.state === 'delivered' && (!c.plan.readable || unread)) {
    const at = end.time !== undefined ? { seconds: seconds(end.time) } : {};
    // A mailbox in Exchange is out of reach: the hand-off to it is as far as the copy can be followed.
    if (!c.plan.readable) return { ...base, status: unscanned ? 'warn' : 'ok', ...at };
    return {
      ...base,
      status: 'warn',
      ...at,
      stoppedAt: `${end.detail} according to the logs; its mailbox could not be read (${unread})`,
    };
  }
  const last = c.trail?.hops.at(-1)?.step;
  const waited = Math.round(ctx.waitedMs / 1000);
  const why = unread ? `; its mailbox could not be read (${unread})` : '';
  const stoppedAt = end
    ? `${end.detail} (not in ${c.plan.where} after ${waited} s)${why}`
    : last
      ? `last seen: ${last}; not in ${c.plan.where} after ${waited} s${why}`
      : `no log line and no copy in ${c.plan.where} after ${waited} s${why}`;
  return { ...base, status: 'crit', stoppedAt };
}

// A stop that leaves the message in a host's queue: postfix delivers it once the cause is fixed.
function leftover(c: CopyState): string {
  const end = c.trail?.end;
  if (!end?.queueId || (end.state !== 'deferred' && end.state !== 'queued')) return '';
  if (end.queue === 'gone') return '';
  return `; the test message waits in ${end.host}'s queue as ${end.queueId} (delivered once fixed; postsuper -d ${end.queueId} on ${end.host} removes it)`;
}

export function overall(messages: readonly SentMessage[]): { status: Status; summary: string } {
  const copies = messages.flatMap((m) => m.copies.map((c) => ({ ...c, via: m.via })));
  const status = worst(copies.map((c) => c.status));
  const bad = copies.find((c) => c.status === 'crit') ?? copies.find((c) => c.status !== 'ok');
  if (!bad) {
    const slowest = Math.max(...copies.map((c) => c.seconds ?? 0));
    const list = messages
      .map(
        (m) => `the ${m.via} message in ${m.copies.map((c) => `${c.where} after ${c.seconds ?? '?'} s`).join(' and ')}`,
      )
      .join('; ');
    return { status, summary: `all ${copies.length} copies arrived within ${slowest} s: ${list}` };
  }
  const more = copies.filter((c) => c !== bad && c.status !== 'ok').length;
  const tail = more > 0 ? ` (and ${more} more cop${more === 1 ? 'y' : 'ies'} not as expected)` : '';
  const verb = bad.status === 'crit' ? 'did not arrive' : 'arrived with a caveat';
  return { status, summary: `the ${bad.via} message's copy for ${bad.where} ${verb}: ${bad.stoppedAt ?? '?'}${tail}` };
}
