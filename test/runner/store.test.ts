import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/core/result.js';
import { Store } from '../../src/runner/store.js';

const planned = [
  { key: 'host/ssh@relay', check: 'host/ssh', host: 'relay', title: 'SSH' },
  { key: 'queue/depth@relay', check: 'queue/depth', host: 'relay', title: 'Queue' },
];
const result = (check: string, status: Result['status']): Result => ({
  check,
  host: 'relay',
  status,
  summary: status,
  evidence: [],
  metrics: [],
  steps: [],
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 5,
  timedOut: false,
});

describe('Store', () => {
  it('returns the same snapshot object until something changes', () => {
    const store = new Store(() => 1000);
    const empty = store.getSnapshot();
    expect(store.getSnapshot()).toBe(empty);
    store.beginSweep(planned);
    const begun = store.getSnapshot();
    expect(begun).not.toBe(empty);
    expect(store.getSnapshot()).toBe(begun);
    expect(Object.isFrozen(begun)).toBe(true);
    expect(Object.isFrozen(begun.entries)).toBe(true);
    expect(Object.isFrozen(begun.entries[0])).toBe(true);
  });

  it('changes only the entry that changed and keeps the others identical', () => {
    const store = new Store();
    store.beginSweep(planned);
    const before = store.getSnapshot();
    store.markRunning('queue/depth@relay');
    const after = store.getSnapshot();
    expect(after.entries[0]).toBe(before.entries[0]);
    expect(after.entries[1]).not.toBe(before.entries[1]);
    expect(after.byKey.get('queue/depth@relay')?.state).toBe('running');
    expect(before.byKey.get('queue/depth@relay')?.state).toBe('pending');
  });

  it('tells subscribers about every change until they unsubscribe', () => {
    const store = new Store();
    let calls = 0;
    const unsubscribe = store.subscribe(() => calls++);
    store.beginSweep(planned);
    store.markRunning('host/ssh@relay');
    expect(calls).toBe(2);
    unsubscribe();
    store.complete('host/ssh@relay', result('host/ssh', 'ok'));
    expect(calls).toBe(2);
  });

  it('keys entries by check@host and counts the sweep', () => {
    let now = 100;
    const store = new Store(() => now);
    expect(store.getSnapshot().sweep.number).toBe(0);
    store.beginSweep(planned);
    now = 150;
    store.complete('host/ssh@relay', result('host/ssh', 'crit'));
    now = 170;
    store.finishSweep();
    const snap = store.getSnapshot();
    expect(snap.byKey.get('host/ssh@relay')).toMatchObject({
      state: 'done',
      changedAt: 150,
      result: { status: 'crit' },
    });
    expect(snap.sweep).toEqual({ number: 1, running: false, startedAt: 100, finishedAt: 170, planned: 2, done: 1 });
  });

  it('keeps the last result as previous when a new sweep starts, and leaves unplanned entries alone', () => {
    const store = new Store();
    store.beginSweep(planned);
    store.complete('host/ssh@relay', result('host/ssh', 'ok'));
    store.complete('queue/depth@relay', result('queue/depth', 'warn'));
    store.finishSweep();
    store.beginSweep([planned[0]!]);
    const snap = store.getSnapshot();
    expect(snap.byKey.get('host/ssh@relay')).toMatchObject({ state: 'pending', previous: { status: 'ok' } });
    expect(snap.byKey.get('host/ssh@relay')?.result).toBeUndefined();
    expect(snap.byKey.get('queue/depth@relay')).toMatchObject({ state: 'done', result: { status: 'warn' } });
    expect(snap.sweep).toMatchObject({ number: 2, running: true, planned: 1, done: 0 });
  });

  it('refuses an update for a key it does not hold', () => {
    const store = new Store();
    expect(() => store.markRunning('nope@nowhere')).toThrow('store has no entry nope@nowhere');
  });
});
