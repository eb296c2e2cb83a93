import { describe, expect, it } from 'vitest';
import { Semaphore } from '../../src/runner/semaphore.js';
import { sleep } from './helpers.js';

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
});
