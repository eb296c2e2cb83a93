// What `logs -f` and the dashboard's log pane share: each host's sources discovered, its clock offset measured,
// its files followed (one reader per host), every file's lines parsed (held records flushed when input goes
// idle), and all hosts merged in time order through a bounded reorder window. Batches, never one call per line.
import type { Transport } from '../core/transport.js';
import { correctionOf, measureClockOffset } from '../unix/clock-offset.js';
import { discoverSources, type HostLogs } from './discover.js';
import { followFiles, type Follower } from './follow.js';
import { LogLineParser } from './line-parser.js';
import { LogMerger } from './merge.js';
import { selectSources } from './select-sources.js';
import type { LogLine, RawLine } from './types.js';

// A line must reach the screen within 300 ms (issue 16): the reader's poll plus the reorder window plus a tick.
// 100 ms polls cost the host about twice the CPU of 200 ms (test/bench/logs-follow.ts prints both).
export const FOLLOW_POLL_MS = 100;
export const DEFAULT_WINDOW_MS = 150;
const TICK_MS = 50; // how often held lines are drained into a batch
const IDLE_FLUSH_MS = 500;
const READY_WAIT_MS = 5000; // a reader that has not started by then is reported by its own error // a held amavis part or OX record is complete when its file has been quiet this long

export interface LiveStream {
  stop(): Promise<void>;
  readonly hosts: readonly HostLogs[];
}

export interface LiveStreamOptions {
  readonly sources?: readonly string[];
  readonly windowMs?: number;
  readonly pollMs?: number; // the host readers' poll interval (FOLLOW_POLL_MS)
  readonly signal?: AbortSignal;
  readonly onError?: (host: string, error: Error) => void;
  readonly onOffset?: (host: string, offsetMs: number) => void;
}

interface FileParser {
  readonly parser: LogLineParser;
  lastInputMs: number;
}

export async function openLiveStream(
  inputs: readonly { host: string; transport: Transport }[],
  onBatch: (lines: readonly LogLine[]) => void,
  options: LiveStreamOptions = {},
): Promise<LiveStream> {
  const stopping = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stopping.signal]) : stopping.signal;
  const merger = new LogMerger({ windowMs: options.windowMs ?? DEFAULT_WINDOW_MS });
  const parsers = new Map<string, FileParser>();
  const fail = (host: string, err: unknown) =>
    options.onError?.(host, err instanceof Error ? err : new Error(String(err)));

  const prepared = await Promise.all(
    inputs.map(async ({ host, transport }) => {
      const [logs, offset] = await Promise.all([
        discoverSources(transport, host, signal).catch((err: unknown) => fail(host, err)),
        // A host that cannot be reached is reported once, by discovery; the stream goes on without it.
        measureClockOffset((argv) => transport.exec(argv, { signal, timeoutMs: 5000 })).catch((err: unknown) => ({
          error: err instanceof Error ? err.message : String(err),
          unreachable: true,
        })),
      ]);
      if ('unreachable' in offset) {
        if (logs) fail(host, new Error(offset.error));
        return undefined;
      }
      if ('error' in offset) fail(host, new Error(`clock not read (${offset.error}); its times are shown as read`));
      else {
        if (correctionOf(offset.offsetMs) !== 0) merger.setOffset(host, offset.offsetMs);
        options.onOffset?.(host, offset.offsetMs);
      }
      return logs ? { host, transport, logs } : undefined;
    }),
  );
  const ready = prepared.filter((p) => p !== undefined);

  const receive = (host: string, utcOffsetMinutes: number) => (raws: RawLine[]) => {
    const now = Date.now();
    const lines: LogLine[] = [];
    for (const raw of raws) {
      const key = `${host}\0${raw.path}`;
      let entry = parsers.get(key);
      if (!entry) {
        const ctx = { host, source: raw.source.source, kind: raw.source.kind, utcOffsetMinutes };
        parsers.set(key, (entry = { parser: new LogLineParser(ctx), lastInputMs: now }));
      }
      entry.lastInputMs = now;
      lines.push(...entry.parser.push(raw));
    }
    merger.push(lines);
  };

  const followers: Follower[] = [];
  for (const { host, transport, logs } of ready) {
    const sources = selectSources(logs.sources, options.sources ?? []);
    if (sources.length === 0) continue;
    followers.push(
      followFiles(transport, sources, receive(host, logs.utcOffsetMinutes), {
        signal,
        pollMs: options.pollMs ?? FOLLOW_POLL_MS,
        onError: (error) => fail(host, error),
      }),
    );
  }

  // Back to the caller once every reader has its starting offsets, so that "following" is true when said.
  await Promise.race([
    Promise.all(followers.map((f) => f.ready)),
    new Promise((resolve) => setTimeout(resolve, READY_WAIT_MS).unref()),
  ]);

  const flushIdle = (all: boolean) => {
    const now = Date.now();
    for (const entry of parsers.values()) {
      if (entry.parser.holding && (all || now - entry.lastInputMs >= IDLE_FLUSH_MS)) merger.push(entry.parser.flush());
    }
  };
  const timer = setInterval(() => {
    flushIdle(false);
    const out = merger.drain(Date.now());
    if (out.length > 0) onBatch(out);
  }, TICK_MS);

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      clearInterval(timer);
      stopping.abort();
      for (const f of followers) f.stop();
      await Promise.allSettled(followers.map((f) => f.done));
      flushIdle(true);
      const rest = merger.flushAll();
      if (rest.length > 0) onBatch(rest);
    })());
  options.signal?.addEventListener('abort', () => void stop(), { once: true });
  return { stop, hosts: ready.map((r) => r.logs) };
}
