import { describe, expect, it } from 'vitest';
import { Semaphore } from '../../src/core/semaphore.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('Semaphore', () => {
  it('lets at most limit holders in and serves waiters in order', async () => {
    const sem = new Semaphore(2);
    const order: number[] = [];
    let inside = 0;
    let max = 0;
    await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        sem.use(async () => {
          inside++;
          max = Math.max(max, inside);
          order.push(i);
          await sleep(10);
          inside--;
        }),
      ),
    );
    expect(max).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(sem.inUse).toBe(0);
  });

  it('ignores a second release of the same slot', async () => {
    const sem = new Semaphore(1);
    const release = await sem.acquire();
    release();
    release();
    expect(sem.inUse).toBe(0);
    await sem.acquire();
    expect(sem.inUse).toBe(1);
  });

  it('refuses a limit below one', () => {
    expect(() => new Semaphore(0)).toThrow('semaphore limit must be a positive integer, got 0');
  });

  it('counts the waiters in the queue', async () => {
    const sem = new Semaphore(1);
    const release = await sem.acquire();
    const next = sem.acquire();
    expect(sem.queued).toBe(1);
    release();
    (await next)();
    expect(sem.queued).toBe(0);
    expect(sem.inUse).toBe(0);
  });

  it('rejects at once with the reason when the signal has already aborted', async () => {
    const sem = new Semaphore(1);
    const ac = new AbortController();
    ac.abort(new Error('closing'));
    await expect(sem.acquire(ac.signal)).rejects.toThrow('closing');
    expect(sem.inUse).toBe(0);
  });

  it('takes an aborted waiter out of the queue and serves the next one', async () => {
    const sem = new Semaphore(1);
    const release = await sem.acquire();
    const ac = new AbortController();
    const aborted = sem.acquire(ac.signal);
    const next = sem.acquire();
    ac.abort();
    await expect(aborted).rejects.toThrow('aborted');
    expect(sem.queued).toBe(1);
    release();
    (await next)();
    expect(sem.inUse).toBe(0);
  });
});
