// Facts of one host for one sweep: each key is computed once, concurrent askers share the promise,
// and a failure stays a failure until the next sweep.
import type { Facts } from '../core/check.js';

export class FactsMemo implements Facts {
  private readonly values = new Map<string, Promise<unknown>>();

  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    return this.getFor(key, compute);
  }

  // The facts as one check sees them. A fact that fails because THIS check's deadline aborted it
  // is forgotten, so the next check computes it afresh instead of inheriting someone else's timeout.
  forCheck(signal: AbortSignal): Facts {
    return { get: (key, compute) => this.getFor(key, compute, signal) };
  }

  private getFor<T>(key: string, compute: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    let value = this.values.get(key) as Promise<T> | undefined;
    if (!value) {
      const computed = Promise.resolve().then(compute);
      value = computed;
      this.values.set(key, computed);
      // Marks the stored promise handled; every asker still sees the rejection.
      computed.catch(() => {
        if (signal?.aborted && this.values.get(key) === computed) this.values.delete(key);
      });
    }
    return value;
  }

  get size(): number {
    return this.values.size;
  }
}
