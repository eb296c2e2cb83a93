// The refreshing model behind the dashboard (as in k9s: the model refreshes, the view renders).
// It starts sweeps on the runner (auto-refresh, `r`, `R`; one at a time), remembers when each
// check's status last changed, and hands the view immutable snapshots, batched so a burst of
// store updates becomes one frame. It decides no health: statuses come from the checks' results.
import type { Status } from '../core/status.js';
import { exitCode, worst } from '../core/status.js';
import type { PlanItem } from '../runner/plan.js';
import type { Snapshot, Store } from '../runner/store.js';
import type { StatusChange } from './detail-lines.js';
import { groupsOf } from './matrix.js';

// What the model needs of the runner (src/runner/runner.ts's Runner).
export interface SweepRunner {
  readonly store: Store;
  readonly running: boolean;
  sweep(items: readonly PlanItem[]): Promise<unknown>;
}

export interface DashboardState {
  readonly ready: boolean; // false while the config loads and hosts connect
  readonly activity?: string; // what it is doing before it is ready
  readonly site: string;
  readonly hosts: readonly string[];
  readonly groups: readonly string[];
  readonly checks: readonly string[];
  readonly order: ReadonlyMap<string, number>; // plan position of each check@host
  readonly store: Snapshot;
  readonly refreshSeconds: number;
  readonly nextRefreshAt?: number;
  readonly queued: number; // checks waiting for the running sweep to end before they re-run
  readonly changes: ReadonlyMap<string, StatusChange>;
  readonly notices: readonly string[]; // config warnings, refused re-runs
}

export interface ModelOptions {
  readonly refreshSeconds: number;
  readonly batchMs?: number; // at most one snapshot per this many ms (default 80)
  readonly now?: () => number;
}

const NO_STORE: Snapshot = {
  sweep: { number: 0, running: false, planned: 0, done: 0 },
  entries: [],
  byKey: new Map(),
};

export class DashboardModel {
  private readonly listeners = new Set<() => void>();
  private readonly now: () => number;
  private readonly batchMs: number;
  private state: DashboardState;
  private runner?: SweepRunner;
  private items: readonly PlanItem[] = [];
  private unsubscribeStore?: () => void;
  private flushTimer?: NodeJS.Timeout;
  private refreshTimer?: NodeJS.Timeout;
  private lastFlush = 0;
  private readonly queuedKeys = new Set<string>();
  private readonly lastStatus = new Map<string, Status>();
  private readonly changes = new Map<string, StatusChange>();
  private stopped = false;

  constructor(options: ModelOptions) {
    this.now = options.now ?? Date.now;
    this.batchMs = options.batchMs ?? 80;
    this.state = {
      ready: false,
      activity: 'starting',
      site: '',
      hosts: [],
      groups: [],
      checks: [],
      order: new Map(),
      store: NO_STORE,
      refreshSeconds: options.refreshSeconds,
      queued: 0,
      changes: new Map(),
      notices: [],
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getSnapshot = (): DashboardState => this.state;

  setActivity(activity: string, site?: string): void {
    this.state = { ...this.state, activity, ...(site !== undefined ? { site } : {}) };
    this.schedule();
  }

  notice(text: string): void {
    this.state = { ...this.state, notices: [...this.state.notices.slice(-4), text] };
    this.schedule();
  }

  // The site is loaded and planned: show it and start the first sweep.
  attach(runner: SweepRunner, items: readonly PlanItem[], refreshSeconds = this.state.refreshSeconds): void {
    this.runner = runner;
    this.items = items;
    const hosts = [...new Set(items.map((i) => i.host.name))];
    const checks = [...new Set(items.map((i) => i.check.id))];
    this.state = {
      ...this.state,
      ready: true,
      activity: undefined,
      hosts,
      checks,
      groups: groupsOf(checks),
      order: new Map(items.map((item, i) => [item.key, i])),
      refreshSeconds,
    };
    this.unsubscribeStore = runner.store.subscribe(() => this.schedule());
    this.start(items);
  }

  // `R` and the refresh timer: every check, unless a sweep is running already (single flight).
  rerunAll(): void {
    if (!this.runner) return;
    if (this.runner.running) {
      this.notice('a sweep is running; R starts none until it ends');
      return;
    }
    this.start(this.items);
  }

  // `r`: these checks now, or right after the running sweep.
  rerun(keys: readonly string[]): void {
    if (!this.runner) return;
    const wanted = this.items.filter((i) => keys.includes(i.key));
    if (wanted.length === 0) return;
    if (this.runner.running) {
      for (const i of wanted) this.queuedKeys.add(i.key);
      this.state = { ...this.state, queued: this.queuedKeys.size };
      this.schedule();
      return;
    }
    this.start(wanted);
  }

  // The worst status shown: the dashboard's exit code when it quits.
  exitCode(): 0 | 1 | 2 | 3 {
    const statuses: Status[] = [];
    for (const e of this.runner?.store.getSnapshot().entries ?? []) {
      const s = (e.result ?? e.previous)?.status;
      if (s) statuses.push(s);
    }
    return exitCode(worst(statuses));
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.flushTimer);
    clearTimeout(this.refreshTimer);
    this.unsubscribeStore?.();
    this.listeners.clear();
  }

  private start(items: readonly PlanItem[]): void {
    const runner = this.runner;
    if (!runner || this.stopped) return;
    clearTimeout(this.refreshTimer);
    this.state = { ...this.state, nextRefreshAt: undefined };
    runner
      .sweep(items)
      .catch((err: unknown) => this.notice(`sweep failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => this.afterSweep());
  }

  private afterSweep(): void {
    if (this.stopped) return;
    if (this.queuedKeys.size > 0) {
      const keys = [...this.queuedKeys];
      this.queuedKeys.clear();
      this.state = { ...this.state, queued: 0 };
      this.rerun(keys);
      return;
    }
    const ms = this.state.refreshSeconds * 1000;
    this.state = { ...this.state, nextRefreshAt: this.now() + ms };
    this.refreshTimer = setTimeout(() => this.rerunAll(), ms);
    this.refreshTimer.unref?.();
    this.schedule();
  }

  // Leading and trailing edge: the first change shows at once, then at most one frame per batchMs.
  private schedule(): void {
    if (this.flushTimer || this.stopped) return;
    const wait = Math.max(0, this.lastFlush + this.batchMs - this.now());
    this.flushTimer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.flushTimer = undefined;
    this.lastFlush = this.now();
    const store = this.runner?.store.getSnapshot() ?? NO_STORE;
    for (const e of store.entries) {
      const status = e.result?.status;
      if (!status || this.lastStatus.get(e.key) === status) continue;
      const from = this.lastStatus.get(e.key);
      this.changes.set(e.key, { ...(from ? { from } : {}), to: status, at: this.now() });
      this.lastStatus.set(e.key, status);
    }
    this.state = { ...this.state, store, changes: new Map(this.changes) };
    for (const l of [...this.listeners]) l();
  }
}
