// The model behind the log pane (as the dashboard model is behind the overview): it takes the merged live
// stream's batches at any rate and hands the view one snapshot per frame (at most 10 a second), keeps the last
// lines each check's rule picks for the detail views, and runs the trace `t` asks for. It renders nothing.
import type { LogLine } from '../logs/types.js';
import { RECENT_PER_CHECK, rulesMatching } from './check-log-lines.js';
import { logPaneKey, type LineTraceQuery, type LogPaneEffect } from './log-pane-keys.js';
import { addLines, initialLogPane, type LogPaneState, type TraceView } from './log-pane-state.js';

// What the feed needs of the live stream (src/logs/live-stream.ts's openLiveStream, bound to the hosts).
export type OpenLogStream = (
  onBatch: (lines: readonly LogLine[]) => void,
  onError: (host: string, error: Error) => void,
  onOffset: (host: string, offsetMs: number) => void,
) => Promise<{ stop(): Promise<void> }>;

// What the feed needs of the trace (src/trace's collectTrace + renderTraceText, bound to the hosts): the text.
export type RunTrace = (
  query: LineTraceQuery,
  options: { readonly signal: AbortSignal; readonly onProgress: (text: string) => void },
) => Promise<string>;

export interface LogFeedSnapshot {
  readonly pane: LogPaneState;
  readonly recent: ReadonlyMap<string, readonly LogLine[]>; // "rule check@host" -> its last lines, oldest first
  readonly hosts: readonly string[]; // the configured hosts, in order: each one's prefix colour
  readonly stream: 'off' | 'starting' | 'live' | 'failed';
  readonly problem?: string; // the last error a host's reader reported
  readonly offsets: ReadonlyMap<string, number>; // host -> its clock minus ours (ms), taken off its lines' times
}

export interface LogFeedOptions {
  readonly frameMs?: number; // at most one snapshot per this many ms (default 100: 10 frames a second)
  readonly capacity?: number; // lines in the ring
  readonly now?: () => number;
}

export class LogFeed {
  private readonly listeners = new Set<() => void>();
  private readonly frameMs: number;
  private readonly now: () => number;
  private snapshot: LogFeedSnapshot;
  private pending: LogLine[] = [];
  private dropped = 0;
  private readonly recent = new Map<string, readonly LogLine[]>();
  private recentChanged = false;
  private timer?: NodeJS.Timeout;
  private lastFrame = Number.NEGATIVE_INFINITY;
  private stream?: { stop(): Promise<void> };
  private runTrace?: RunTrace;
  private tracing?: AbortController;
  private stopped = false;
  private stopping?: Promise<void>;

  constructor(options: LogFeedOptions = {}) {
    this.frameMs = options.frameMs ?? 100;
    this.now = options.now ?? Date.now;
    this.snapshot = {
      pane: initialLogPane(options.capacity),
      recent: new Map(),
      hosts: [],
      stream: 'off',
      offsets: new Map(),
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getSnapshot = (): LogFeedSnapshot => this.snapshot;

  // Starts the stream of these hosts; a failure to start shows in the pane, the dashboard goes on.
  async attach(hosts: readonly string[], open: OpenLogStream, runTrace?: RunTrace): Promise<void> {
    if (this.stopped) return;
    this.runTrace = runTrace;
    this.set({ hosts, stream: 'starting' });
    try {
      const stream = await open(
        (lines) => this.push(lines),
        (host, error) => this.set({ problem: `${host}: ${error.message}` }),
        (host, offsetMs) => this.set({ offsets: new Map([...this.snapshot.offsets, [host, offsetMs]]) }),
      );
      if (this.stopped) await stream.stop();
      else {
        this.stream = stream;
        this.set({ stream: 'live' });
      }
    } catch (err) {
      this.set({ stream: 'failed', problem: `the log stream did not start: ${(err as Error).message}` });
    }
  }

  // A batch from the stream: held until the next frame; the ring never needs more than its capacity of them.
  push(lines: readonly LogLine[]): void {
    if (this.stopped || lines.length === 0) return;
    for (const line of lines) this.remember(line);
    for (const line of lines) this.pending.push(line);
    const capacity = this.snapshot.pane.capacity;
    if (this.pending.length > 2 * capacity) {
      const cut = this.pending.length - capacity;
      this.pending.splice(0, cut);
      this.dropped += cut;
    }
    this.schedule();
  }

  // A key in the pane: applied at once (keys never wait for a frame). Returns what the dashboard must do.
  key(name: string, page: number): LogPaneEffect | undefined {
    const step = logPaneKey(this.snapshot.pane, name, page);
    this.snapshot = { ...this.snapshot, pane: step.state };
    const effect = step.effect;
    if (effect?.kind === 'trace') this.startTrace(effect.query);
    else if (effect?.kind === 'cancel-trace') this.tracing?.abort();
    this.notify();
    return effect;
  }

  // Ends the stream (its readers on the hosts) and any trace; once, however often it is called.
  stop(): Promise<void> {
    if (!this.stopping) {
      this.stopped = true;
      clearTimeout(this.timer);
      this.tracing?.abort();
      this.listeners.clear();
      this.stopping = this.stream?.stop() ?? Promise.resolve();
    }
    return this.stopping;
  }

  private remember(line: LogLine): void {
    for (const rule of rulesMatching(line)) {
      const key = `${rule.check}@${line.host}`;
      // A new array each time: snapshots handed out earlier keep theirs.
      this.recent.set(key, [...(this.recent.get(key) ?? []), line].slice(-RECENT_PER_CHECK));
      this.recentChanged = true;
    }
  }

  private startTrace(query: LineTraceQuery): void {
    this.tracing?.abort();
    const run = this.runTrace;
    if (!run) {
      this.setTrace({ running: false, failed: true, lines: ['trace is not available here'] });
      return;
    }
    const controller = new AbortController();
    this.tracing = controller;
    const mine = (): boolean => this.tracing === controller && !controller.signal.aborted;
    run(query, { signal: controller.signal, onProgress: (progress) => mine() && this.setTrace({ progress }) }).then(
      (text) => mine() && this.setTrace({ running: false, progress: undefined, lines: text.split('\n') }),
      (err: unknown) =>
        mine() &&
        this.setTrace({ running: false, failed: true, progress: undefined, lines: [`trace failed: ${String(err)}`] }),
    );
  }

  private setTrace(change: Partial<TraceView>): void {
    const trace = this.snapshot.pane.trace;
    if (!trace) return;
    this.snapshot = { ...this.snapshot, pane: { ...this.snapshot.pane, trace: { ...trace, ...change } } };
    this.schedule();
  }

  private set(change: Partial<LogFeedSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    this.schedule();
  }

  // Leading and trailing edge: the first batch shows at once, then at most one frame per frameMs.
  private schedule(): void {
    if (this.timer || this.stopped) return;
    const wait = Math.max(0, this.lastFrame + this.frameMs - this.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = undefined;
    this.lastFrame = this.now();
    const pane = addLines(this.snapshot.pane, this.pending, this.dropped);
    this.pending = [];
    this.dropped = 0;
    const recent = this.recentChanged ? new Map(this.recent) : this.snapshot.recent;
    this.recentChanged = false;
    this.snapshot = { ...this.snapshot, pane, recent };
    this.notify();
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }
}
