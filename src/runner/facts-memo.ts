// Facts of one host for one sweep: each key is computed once, concurrent askers share the promise,
// and a failure stays a failure until the next sweep.
import type { Facts } from '../core/check.js';

export class FactsMemo implements Facts {
  private readonly values = new Map<string, Promise<unknown>>();

  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    let value = this.values.get(key) as Promise<T> | undefined;
    if (!value) {
      value = Promise.resolve().then(compute);
      // Marks the stored promise handled; every asker still sees the rejection.
      value.catch(() => undefined);
      this.values.set(key, value);
    }
    return value;
  }

  get size(): number {
    return this.values.size;
  }
}
