// Facts seeded into a test context by their typed key, so a seeded value has the type its fact function returns.
import type { FactKey } from '../../src/facts/context.js';

export function seed<T>(key: FactKey<T>, value: NoInfer<T>): Record<string, unknown> {
  return { [key.name]: value };
}
