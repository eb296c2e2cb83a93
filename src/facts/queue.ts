// The postfix queue of a host, read once per sweep: files per queue directory (and the host's clock) with
// plain POSIX tools, then the postqueue listing streamed through the parser (-j from postfix 3.1, -p before).
import type { ExecResult } from '../transport/types.js';
import { messageOf } from '../core/errors.js';
import { queueListingArgv } from '../postfix/queue-command.js';
import { KeptMessages } from '../postfix/queue-kept.js';
import { parseQueueDirReport, queueClockArgv, queueDirArgv, type QueueDirReport } from '../postfix/queue-dir.js';
import { readQueueListing, type QueueListing, type QueueListingFormat } from '../postfix/queue-read.js';
import { hasJsonQueueListing } from '../postfix/queue-version.js';
import { factKey, shared, type FactContext } from './context.js';
import { postconf } from './postconf.js';

export interface QueueFacts {
  readonly postfix: boolean; // false: no postfix on this host
  readonly mailVersion?: string;
  readonly queueDirectory: string;
  readonly nowSeconds: number; // the host's clock when the queue was read
  readonly dir: QueueDirReport;
  readonly command: readonly string[]; // the postqueue argv that ran (inside queue-command.ts's coalescing sh)
  readonly format: QueueListingFormat;
  readonly listing?: QueueListing; // absent when postqueue could not list the queue
  readonly kept?: KeptMessages; // the listed messages themselves, up to a bound (oxdoctor user's per-address view)
  readonly exit?: ExecResult; // postqueue's exit status and stderr (stdout was streamed)
  readonly failure?: string; // why there is no listing
  readonly mailSystemDown: boolean; // postqueue said "mail system is down"
}

type QueueContext = FactContext & { readonly signal: AbortSignal; readonly deadline: number };

export const QUEUE_FACT = factKey<QueueFacts>('postfix-queue');

export function queueFacts(ctx: QueueContext): Promise<QueueFacts> {
  return shared(ctx, QUEUE_FACT, () => computeQueue(ctx), describe);
}

async function computeQueue(ctx: QueueContext): Promise<QueueFacts> {
  // the host's clock beside postconf: each round trip before the listing starts is time on top of postqueue's
  const [pc, clockRun] = await Promise.all([postconf(ctx), ctx.exec(queueClockArgv())]);
  const queueDirectory = pc.get('queue_directory') || '/var/spool/postfix';
  const commandDirectory = pc.get('command_directory') || '/usr/sbin';
  const clock = parseQueueDirReport(clockRun.stdout);
  const nowSeconds = clock.nowSeconds ?? Math.floor(Date.now() / 1000);
  // find over every queue file (~0.1 s per 100,000) runs beside the listing instead of before it
  const counting = ctx.exec(queueDirArgv(queueDirectory)).then((r) => parseQueueDirReport(r.stdout).counts);
  counting.catch(() => {}); // awaited below; this only keeps an early failure from being unhandled meanwhile
  const format: QueueListingFormat = hasJsonQueueListing(pc.mailVersion) ? 'json' : 'text';
  const { listing: command, argv } = queueListingArgv(commandDirectory, format);
  const base = async () => ({
    postfix: pc.available,
    ...(pc.mailVersion ? { mailVersion: pc.mailVersion } : {}),
    queueDirectory,
    nowSeconds,
    dir: { ...clock, counts: await counting },
    command,
    format,
  });
  if (!pc.available)
    return {
      ...(await base()),
      failure: 'postfix is not installed here (no postconf, no main.cf)',
      mailSystemDown: false,
    };
  let listed: Pick<QueueFacts, 'listing' | 'kept' | 'exit' | 'failure' | 'mailSystemDown'>;
  try {
    const stream = await ctx.transport.execStream(argv, {
      signal: ctx.signal,
      timeoutMs: Math.max(1, ctx.deadline - Date.now()),
    });
    const head = new HeadSample();
    const kept = new KeptMessages();
    const [listing, exit] = await Promise.all([
      readQueueListing(head.tap(stream.stdout), format, {
        nowSeconds,
        onMessage: (m) => kept.add(m),
        ...(clock.utcOffsetMinutes !== undefined ? { utcOffsetMinutes: clock.utcOffsetMinutes } : {}),
      }),
      stream.done,
    ]);
    const mailSystemDown = /mail system is down/i.test(exit.stderr);
    ctx.record(`$ ${command.join(' ')}`, streamedEvidence(listing, exit, head.text()));
    const failure = listingFailure(command, exit, listing);
    listed = failure ? { exit, failure, mailSystemDown } : { listing, kept, exit, mailSystemDown };
  } catch (err) {
    ctx.record(`$ ${command.join(' ')}`, `(could not run: ${messageOf(err)})`);
    listed = { failure: messageOf(err), mailSystemDown: false };
  }
  return { ...(await base()), ...listed };
}

// postqueue -p exits non-zero with "fatal: ... mail system is down" on old postfix; -j as root reads the
// queue directly and only warns. A listing that ended early (timeout, kill) is no listing.
function listingFailure(command: readonly string[], exit: ExecResult, listing: QueueListing): string | undefined {
  const ran = command.join(' ');
  if (exit.timedOut) return `${ran} did not finish in time (${listing.summary.messages} messages read)`;
  if (exit.cancelled) return `${ran} was cancelled`;
  if (exit.code === 0) return undefined;
  const fatal = /fatal: (.*)/.exec(exit.stderr)?.[1] ?? exit.stderr.trim().split('\n').pop() ?? '';
  return `${ran} exited ${exit.code ?? exit.signal ?? '?'}${fatal ? `: ${fatal}` : ''}`;
}

function streamedEvidence(listing: QueueListing, exit: ExecResult, head: string): string {
  const s = listing.summary;
  const parts = [head.replace(/\n$/, '')];
  if (exit.stderr) parts.push(`--- stderr ---\n${exit.stderr.trim().slice(0, 2000)}`);
  parts.push(
    `(streamed: ${listing.lines} lines, ${s.messages} messages, ${s.recipients} recipients${listing.malformed ? `, ${listing.malformed} unreadable lines` : ''}; ` +
      `exit ${exit.code ?? exit.signal}, ${Math.round(exit.durationMs)} ms)`,
  );
  return parts.filter((p) => p !== '').join('\n');
}

// Keeps the first bytes of a stream for evidence while passing every chunk on.
class HeadSample {
  private chunks: Buffer[] = [];
  private bytes = 0;
  constructor(private readonly limit = 2000) {}

  async *tap(source: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer | string> {
    for await (const chunk of source) {
      if (this.bytes < this.limit) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        this.chunks.push(buf.subarray(0, this.limit - this.bytes));
        this.bytes += Math.min(buf.length, this.limit - this.bytes);
      }
      yield chunk;
    }
  }

  text(): string {
    const t = Buffer.concat(this.chunks).toString('utf8');
    return this.bytes >= this.limit ? `${t.replace(/[^\n]*$/, '')}...` : t;
  }
}

function describe(q: QueueFacts): string {
  if (!q.listing) return `queue not listed: ${q.failure ?? 'unknown reason'}`;
  const c = q.listing.summary.counts;
  return `${q.command.join(' ')}: ${q.listing.summary.messages} messages (deferred ${c.deferred}, active ${c.active}, hold ${c.hold})`;
}
