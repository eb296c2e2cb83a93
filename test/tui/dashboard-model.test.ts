// No flicker storm: a burst of store updates reaches the view as a bounded number of snapshots.
import { describe, expect, it } from 'vitest';
import { ok } from '../../src/core/result.js';
import { Store } from '../../src/runner/store.js';
import { DashboardModel, type SweepRunner } from '../../src/tui/dashboard-model.js';
import type { PlanItem } from '../../src/runner/plan.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// A runner whose sweep completes `n` checks in a burst over `ms` milliseconds, straight into a real Store.
function burstRunner(n: number, ms: number): { runner: SweepRunner; items: PlanItem[] } {
  const store = new Store();
  const keys = Array.from({ length: n }, (_, i) => `check/${i}@h`);
  const items = keys.map(
    (key, i) => ({ key, check: { id: `check/${i}` }, host: { name: 'h' } }) as unknown as PlanItem,
  );
  let running = false;
  const runner: SweepRunner = {
    store,
    get running() {
      return running;
    },
    async sweep() {
      running = true;
      store.beginSweep(keys.map((key, i) => ({ key, check: `check/${i}`, host: 'h', title: key })));
      for (let i = 0; i < n; i++) {
        store.markRunning(keys[i]!);
        store.complete(keys[i]!, { ...ok(`fine ${i}`), durationMs: 1 } as never);
        if (i % 25 === 0) await sleep(ms / (n / 25));
      }
      store.finishSweep();
      running = false;
    },
  };
  return { runner, items };
}

describe('the dashboard model', () => {
  it('turns a burst of 2,000 store updates in about 400 ms into a few snapshots, the last one complete', async () => {
    const model = new DashboardModel({ refreshSeconds: 600, batchMs: 80 });
    let frames = 0;
    model.subscribe(() => frames++);
    const { runner, items } = burstRunner(1000, 400);
    const started = Date.now();
    model.attach(runner, items);
    while (runner.running) await sleep(10);
    await sleep(200);
    const elapsed = Date.now() - started;
    model.stop();
    // Leading edge plus one per 80 ms: about 8 for 600 ms, not 2,000.
    expect(frames).toBeGreaterThanOrEqual(2);
    expect(frames).toBeLessThanOrEqual(Math.ceil(elapsed / 80) + 2);
    const last = model.getSnapshot().store;
    expect(last.sweep.running).toBe(false);
    expect(last.entries.filter((e) => e.state === 'done')).toHaveLength(1000);
  });
});
