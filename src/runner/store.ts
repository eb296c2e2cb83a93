// The live state of every check@host, as immutable snapshots (what useSyncExternalStore needs:
// getSnapshot() returns the same object until something changes).
import type { Result } from '../core/result.js';

export type EntryState = 'pending' | 'running' | 'done';

export interface StoreEntry {
  readonly key: string; // check@host
  readonly check: string;
  readonly host: string;
  readonly title: string;
  readonly state: EntryState;
  readonly result?: Result; // this sweep's result, once done
  readonly previous?: Result; // the last result before this sweep
  readonly changedAt: number; // epoch ms
}

export interface SweepInfo {
  readonly number: number; // 0 before the first sweep
  readonly running: boolean;
  readonly startedAt?: number;
  readonly finishedAt?: number;
  readonly planned: number;
  readonly done: number;
}

export interface Snapshot {
  readonly sweep: SweepInfo;
  readonly entries: readonly StoreEntry[]; // in plan order
  readonly byKey: ReadonlyMap<string, StoreEntry>;
}

export interface PlannedEntry {
  readonly key: string;
  readonly check: string;
  readonly host: string;
  readonly title: string;
}

export type Listener = () => void;

const EMPTY: Snapshot = Object.freeze({
  sweep: Object.freeze({ number: 0, running: false, planned: 0, done: 0 }),
  entries: Object.freeze([]),
  byKey: new Map(),
});

export class Store {
  private snapshot: Snapshot = EMPTY;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly now: () => number = Date.now) {}

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getSnapshot = (): Snapshot => this.snapshot;

  // A new sweep: planned entries go back to pending, their last result kept as `previous`.
  // Entries outside the plan stay as they are.
  beginSweep(planned: readonly PlannedEntry[]): number {
    const at = this.now();
    const old = this.snapshot;
    const plannedKeys = new Set(planned.map((p) => p.key));
    const entries: StoreEntry[] = [];
    for (const p of planned) {
      const before = old.byKey.get(p.key);
      const previous = before?.result ?? before?.previous;
      entries.push(freezeEntry({ ...p, state: 'pending', ...(previous ? { previous } : {}), changedAt: at }));
    }
    for (const e of old.entries) if (!plannedKeys.has(e.key)) entries.push(e);
    const number = old.sweep.number + 1;
    this.commit(entries, { number, running: true, startedAt: at, planned: planned.length, done: 0 });
    return number;
  }

  markRunning(key: string): void {
    this.update(key, (e) => ({ ...e, state: 'running' }));
  }

  complete(key: string, result: Result): void {
    this.update(key, (e) => ({ ...e, state: 'done', result }), 1);
  }

  finishSweep(): void {
    const s = this.snapshot.sweep;
    this.commit(this.snapshot.entries, { ...s, running: false, finishedAt: this.now() });
  }

  private update(key: string, change: (e: StoreEntry) => StoreEntry, doneDelta = 0): void {
    const old = this.snapshot;
    const index = old.entries.findIndex((e) => e.key === key);
    const current = old.entries[index];
    if (!current) throw new Error(`store has no entry ${key}`);
    const entries = old.entries.slice();
    entries[index] = freezeEntry({ ...change(current), changedAt: this.now() });
    this.commit(entries, { ...old.sweep, done: old.sweep.done + doneDelta });
  }

  private commit(entries: readonly StoreEntry[], sweep: SweepInfo): void {
    this.snapshot = Object.freeze({
      sweep: Object.freeze(sweep),
      entries: Object.freeze(entries),
      byKey: new Map(entries.map((e) => [e.key, e])),
    });
    for (const listener of [...this.listeners]) listener();
  }
}

function freezeEntry(e: StoreEntry): StoreEntry {
  return Object.freeze(e);
}
