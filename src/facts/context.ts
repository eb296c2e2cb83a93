// What a fact function needs from a check's context: the memo, the host's transport, and evidence.
import type { CheckContext } from '../core/check.js';

export type FactContext = Pick<CheckContext, 'facts' | 'transport' | 'exec' | 'record'>;

declare const factValue: unique symbol;

// A typed memo key: name is what the sweep's memo and the evidence show, T what the fact holds.
// The phantom member only carries T, so a key of one fact cannot be read as another's type.
export interface FactKey<T> {
  readonly name: string;
  readonly [factValue]?: (value: T) => T;
}

export function factKey<T>(name: string): FactKey<T> {
  return { name };
}

// Memoises compute under key without evidence, for per-host caches that are no finding of their own.
export function memo<T>(
  ctx: Pick<FactContext, 'facts'>,
  key: FactKey<T>,
  compute: () => Promise<NoInfer<T>>,
): Promise<T> {
  return ctx.facts.get<T>(key.name, compute);
}

// Memoises compute under key; a caller that got the value from another check's computation
// still records one line of evidence saying what it relied on.
export async function shared<T>(
  ctx: FactContext,
  key: FactKey<T>,
  compute: () => Promise<NoInfer<T>>,
  describe: (v: T) => string,
): Promise<T> {
  let computedHere = false;
  const value = await ctx.facts.get<T>(key.name, () => {
    computedHere = true;
    return compute();
  });
  if (!computedHere) ctx.record(`fact ${key.name} (computed earlier in this sweep)`, describe(value));
  return value;
}
