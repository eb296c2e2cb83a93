// Follows a host's log files: one long-running reader (follow-script.ts) per host for all its files, started
// with the transport's execStream over the connection it already has, nothing installed on the host. The same
// reader runs on the local transport: the npm `tail` package loses lines across rotation (test/logs/
// follow-local-tail.test.ts proves it), so local files are followed by this sh loop too.
import { randomBytes } from 'node:crypto';
import type { Transport } from '../core/transport.js';
import { messageOf } from '../core/errors.js';
import { FOLLOW_SCRIPT } from './follow-script.js';
import { FollowDecoder, type FollowEvent } from './follow-frames.js';
import type { LogSource, RawLine } from './types.js';

export interface FollowOptions {
  readonly signal?: AbortSignal;
  readonly pollMs?: number; // default 200
  readonly fromStart?: boolean; // default false: start at each file's end
  readonly onError?: (error: Error, source?: LogSource) => void; // a file unreadable, the connection dropped
}

export interface Follower {
  // Settles (never rejects) when the reader has ended: stop(), the signal, or the reader or connection died
  // (then onError was told why).
  readonly done: Promise<void>;
  // Settles when the reader has taken its starting offsets (every line written later will come), or has ended.
  readonly ready: Promise<void>;
  stop(): void;
}

const DEFAULT_POLL_MS = 200;
const HEARTBEAT_MS = 1000;
// A rotated-away file is drained until it has not grown for this long (the writer may not have reopened yet).
const DRAIN_QUIET_MS = 2000;
// At most this much of one file per frame, so neither side holds a large file in memory.
const CHUNK_BYTES = 1024 * 1024;
const IDLE_CHECK_MS = 250;

// The argv of the reader (its nonce goes through the environment, never argv).
export function followArgv(paths: readonly string[], pollMs: number, fromStart: boolean): string[] {
  const polls = (ms: number): string => String(Math.max(1, Math.ceil(ms / pollMs)));
  return [
    'sh',
    '-c',
    FOLLOW_SCRIPT,
    'sh',
    (pollMs / 1000).toFixed(3),
    polls(HEARTBEAT_MS),
    polls(DRAIN_QUIET_MS),
    fromStart ? '1' : '0',
    String(CHUNK_BYTES),
    ...paths,
  ];
}

export function followFiles(
  transport: Transport,
  sources: readonly LogSource[],
  onLines: (lines: RawLine[]) => void,
  options: FollowOptions = {},
): Follower {
  const stopper = new AbortController();
  const stop = (): void => stopper.abort(new Error(`${transport.host}: follow stopped`));
  if (options.signal?.aborted) stop();
  else options.signal?.addEventListener('abort', stop, { once: true });
  const report = (error: Error, source?: LogSource): void => options.onError?.(error, source);
  // A newline in a path would split the reader's frame headers: such a file is not followed.
  const followed = sources.filter((s) => !s.path.includes('\n'));
  for (const s of sources)
    if (s.path.includes('\n')) report(new Error(`${transport.host}: not followed: its path has a newline`), s);
  let isReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (isReady = resolve));
  const done = followed.length === 0 || stopper.signal.aborted ? Promise.resolve() : run();
  void done.finally(() => {
    isReady();
    options.signal?.removeEventListener('abort', stop);
  });
  return { done, ready, stop };

  async function run(): Promise<void> {
    const nonce = randomBytes(16).toString('hex');
    const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    const argv = followArgv(
      followed.map((s) => s.path),
      pollMs,
      options.fromStart ?? false,
    );
    const decoder = new FollowDecoder(nonce, followed, (e) =>
      e.kind === 'beat' ? isReady() : report(...eventError(transport.host, e)),
    );
    const deliver = (lines: RawLine[]): void => {
      if (lines.length > 0) onLines(lines);
    };
    let stream;
    try {
      stream = await transport.execStream(argv, { signal: stopper.signal, env: { OXD_FOLLOW_NONCE: nonce } });
    } catch (err) {
      if (!stopper.signal.aborted)
        report(new Error(`${transport.host}: cannot start the log reader: ${messageOf(err)}`));
      return;
    }
    const idle = setInterval(() => deliver(decoder.flushIdle()), IDLE_CHECK_MS);
    stream.stdout.on('data', (chunk: Buffer) => deliver(decoder.push(chunk)));
    stream.stdout.on('error', () => {}); // the end is reported from `done`
    const drained = new Promise<void>((resolve) => stream.stdout.once('close', resolve).once('end', resolve));
    try {
      const result = await stream.done;
      // The last chunks may still be on their way to 'data' when the command has ended.
      await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, 500).unref())]);
      if (!stopper.signal.aborted) {
        const why = result.stderr.trim() || `exit ${result.code ?? result.signal ?? 'unknown'}`;
        report(new Error(`${transport.host}: the log reader ended: ${why}`));
      }
    } catch (err) {
      if (!stopper.signal.aborted)
        report(new Error(`${transport.host}: the log reader was cut off: ${messageOf(err)}`));
    } finally {
      clearInterval(idle);
      deliver(decoder.flushAll());
    }
  }
}

function eventError(host: string, event: Exclude<FollowEvent, { kind: 'beat' }>): [Error, LogSource?] {
  if (event.kind === 'protocol') return [new Error(`${host}: ${event.text}`)];
  return [new Error(`${host}: ${event.text}`), event.source];
}
