// The model behind the user view (as the log feed is behind the log pane): it holds the view's state, applies
// its keys, and runs `oxdoctor user` for the query they ask for (one run at a time: a new one aborts the old,
// except a send), handing the view one snapshot per frame at most. It renders nothing and decides no health.
import type { UserReport } from '../user/report.js';
import { userViewKey, type UserKeyContext, type UserViewEffect } from './user-view-keys.js';
import {
  INITIAL_USER_VIEW,
  openPrompt,
  runDone,
  runFailed,
  runProgress,
  type UserViewState,
} from './user-view-state.js';

// What the feed needs of runUser (src/user/run.ts, bound to the dashboard's site and connections by
// user-wiring.ts): the report, already redacted.
export type RunUserView = (
  query: string,
  options: { readonly send: boolean; readonly signal: AbortSignal; readonly onProgress: (text: string) => void },
) => Promise<UserReport>;

export interface UserFeedOptions {
  readonly frameMs?: number; // at most one snapshot per this many ms for progress (default 100)
  readonly now?: () => number;
}

export class UserFeed {
  private readonly listeners = new Set<() => void>();
  private readonly frameMs: number;
  private readonly now: () => number;
  private snapshot: UserViewState = INITIAL_USER_VIEW;
  private runUser?: RunUserView;
  private waiting?: { readonly query: string; readonly send: boolean }; // asked before the run was attached
  private current?: { readonly controller: AbortController; readonly done: Promise<void> };
  private timer?: NodeJS.Timeout;
  private lastFrame = Number.NEGATIVE_INFINITY;
  private stopped = false;

  constructor(options: UserFeedOptions = {}) {
    this.frameMs = options.frameMs ?? 100;
    this.now = options.now ?? Date.now;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getSnapshot = (): UserViewState => this.snapshot;

  // The dashboard's session is ready: runs go to runUser from now on (one asked for meanwhile starts now).
  attach(runUser: RunUserView): void {
    if (this.stopped) return;
    this.runUser = runUser;
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) this.start(waiting.query, waiting.send);
  }

  // `u` in the overview or a check's detail.
  open(): void {
    this.snapshot = openPrompt(this.snapshot);
    this.notify();
  }

  // A key in the view: applied at once. Returns what the dashboard must do (close, help, quit).
  key(name: string, ctx: UserKeyContext): UserViewEffect | undefined {
    const step = userViewKey(this.snapshot, name, ctx);
    this.snapshot = step.state;
    if (step.effect?.kind === 'run') this.start(step.effect.query, step.effect.send);
    this.notify();
    return step.effect;
  }

  // Ends a run still going (its commands on the hosts end with the signal); settles when it has.
  stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.listeners.clear();
    this.current?.controller.abort();
    return this.current?.done ?? Promise.resolve();
  }

  private start(query: string, send: boolean): void {
    this.current?.controller.abort();
    this.current = undefined;
    const runUser = this.runUser;
    if (!runUser) {
      this.waiting = { query, send };
      this.set(runProgress(this.snapshot, 'waiting for the hosts to connect'));
      return;
    }
    const controller = new AbortController();
    const mine = (): boolean => this.current?.controller === controller && !controller.signal.aborted;
    const onProgress = (text: string): void => {
      if (mine()) this.set(runProgress(this.snapshot, text));
    };
    const done = Promise.resolve()
      .then(() => runUser(query, { send, signal: controller.signal, onProgress }))
      .then(
        (report) => {
          if (mine()) this.set(runDone(this.snapshot, report));
        },
        (err: unknown) => {
          if (mine()) this.set(runFailed(this.snapshot, err instanceof Error ? err.message : String(err)));
        },
      )
      .finally(() => {
        if (this.current?.controller === controller) this.current = undefined;
      });
    this.current = { controller, done };
  }

  private set(state: UserViewState): void {
    this.snapshot = state;
    this.schedule();
  }

  // Leading and trailing edge: the first change shows at once, then at most one frame per frameMs.
  private schedule(): void {
    if (this.timer || this.stopped) return;
    const wait = Math.max(0, this.lastFrame + this.frameMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.notify();
    }, wait);
  }

  private notify(): void {
    this.lastFrame = this.now();
    for (const l of [...this.listeners]) l();
  }
}
