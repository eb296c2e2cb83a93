// Following the submitted messages until every copy is seen or stopped: the mailboxes are searched for each
// pending copy's Message-ID every POLL_MS, and each message is traced through the hosts' logs every TRACE_MS,
// so a copy deferred on a host is reported at once instead of at the deadline.
import type { TraceHostInput } from '../../trace/collect.js';
import { collectTrace } from '../../trace/collect.js';
import type { HostAddressBook } from '../../trace/address-book.js';
import type { MessageTrace } from '../../trace/types.js';
import type { CopyPlan } from './copies.js';
import type { Mailbox } from './mailboxes.js';
import type { Submission } from './submit.js';
import { copyTrail, type CopyTrail } from './trail.js';
import { within } from './within.js';

const POLL_MS = 200;
const TRACE_MS = 1000;
const LOG_SLACK_MS = 120_000; // syslog stamps are whole seconds and clocks differ: read a little before
const IMAP_MS = 5000; // one search
const TRACE_GRACE_MS = 5000; // the last trace may run this long past the deadline

export interface CopyState {
  readonly plan: CopyPlan;
  seenAt?: number; // epoch ms the mailbox search first found it
  trail?: CopyTrail;
  // The same stop in two traces in a row: a delivery read before cyrus's own line (postfix's lmtp status=sent
  // alone) looks like a delivery outside the folder for one round.
  confirmed?: boolean;
  announced?: string; // the stop last said in progress
}

export interface Followed {
  readonly submission: Submission;
  readonly copies: CopyState[];
  trace?: MessageTrace;
}

export interface FollowInput {
  readonly followed: readonly Followed[];
  readonly mailboxes: Readonly<Partial<Record<'A' | 'B', Mailbox>>>;
  readonly traceHosts: readonly TraceHostInput[];
  readonly book: HostAddressBook;
  readonly offsets: ReadonlyMap<string, number>;
  readonly deadline: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (text: string) => void;
  readonly onMailboxError: (server: 'A' | 'B', error: string) => void;
}

export async function follow(given: FollowInput): Promise<void> {
  const stop = AbortSignal.timeout(Math.max(0, given.deadline - Date.now()) + TRACE_GRACE_MS);
  const input = { ...given, signal: given.signal ? AbortSignal.any([given.signal, stop]) : stop };
  const live = input.followed.filter((f) => f.submission.error === undefined);
  let lastTrace = 0;
  while (live.some((f) => f.copies.some((c) => pending(c, input))) && Date.now() < input.deadline) {
    if (given.signal?.aborted) return;
    const tracing = Date.now() - lastTrace >= TRACE_MS;
    if (tracing) lastTrace = Date.now();
    await Promise.all([poll(live, input), tracing ? traceAll(live, input) : undefined]);
    await sleep(POLL_MS, input.signal);
  }
  await traceAll(live, input); // the hops of everything, as far as it got
  // A copy the last trace puts into its folder, not yet found there: one more search before it is called lost.
  if (live.some((f) => f.copies.some((c) => c.seenAt === undefined && c.trail?.end?.state === 'delivered')))
    await poll(live, input, true);
}

// Still worth waiting for: not seen, not definitively stopped, and (without a readable mailbox) not yet
// delivered according to the logs.
export function pending(c: CopyState, input: Pick<FollowInput, 'mailboxes'>): boolean {
  if (c.seenAt !== undefined) return false;
  if (c.trail?.definitive && (c.trail.end?.state !== 'delivered' || c.confirmed)) return false;
  if (!readerOf(c, input)) return !(c.trail?.end?.state === 'delivered' && c.trail.stop === undefined);
  return true;
}

export function readerOf(c: CopyState, input: Pick<FollowInput, 'mailboxes'>): Mailbox | undefined {
  return c.plan.readable ? input.mailboxes[c.plan.server] : undefined;
}

async function poll(live: readonly Followed[], input: FollowInput, last = false): Promise<void> {
  const work = live.flatMap((f) =>
    f.copies
      .filter((c) => (last ? c.seenAt === undefined : pending(c, input)) && readerOf(c, input))
      .map(async (c) => {
        const reader = readerOf(c, input)!;
        try {
          const uids = await within(reader.find(f.submission.message.messageId, c.plan.folder), IMAP_MS, reader.where);
          if (uids.length > 0 && c.seenAt === undefined) {
            c.seenAt = Date.now();
            const s = ((c.seenAt - f.submission.submitted) / 1000).toFixed(1);
            input.onProgress?.(`${c.plan.where}: the ${f.submission.via} message's copy is there after ${s} s`);
          }
        } catch (err) {
          input.onMailboxError(c.plan.server, err instanceof Error ? err.message : String(err));
        }
      }),
  );
  await Promise.all(work);
}

async function traceAll(live: readonly Followed[], input: FollowInput): Promise<void> {
  await Promise.all(
    live.map(async (f) => {
      const { submission } = f;
      const result = await collectTrace(
        input.traceHosts,
        { messageId: submission.message.messageId, since: submission.submitted - LOG_SLACK_MS, until: Date.now() },
        { book: input.book, offsets: input.offsets, ...(input.signal ? { signal: input.signal } : {}), maxRounds: 5 },
      ).catch(() => undefined);
      const trace = result?.messages[0];
      if (!trace) return;
      f.trace = trace;
      for (const c of f.copies) {
        const before = c.trail?.stop;
        c.trail = copyTrail(trace, c.plan.route, input.book);
        c.confirmed = c.trail.stop !== undefined && c.trail.stop === before;
        if (c.seenAt === undefined && !pending(c, input) && c.trail.definitive && c.trail.stop !== c.announced) {
          c.announced = c.trail.stop;
          input.onProgress?.(`${c.plan.where}: the ${submission.via} message stopped: ${c.trail.stop}`);
        }
      }
    }),
  );
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
}
