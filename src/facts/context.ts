// What a fact function needs from a check's context: the memo, the host's transport, and evidence.
import type { CheckContext } from '../core/check.js';

export type FactContext = Pick<CheckContext, 'facts' | 'transport' | 'exec' | 'record'>;

// Memoises compute under key; a caller that got the value from another check's computation
// still records one line of evidence saying what it relied on.
export async function shared<T>(ctx: FactContext, key: string, compute: () => Promise<T>, describe: (v: T) => string): Promise<T> {
  let computedHere = false;
  const value = await ctx.facts.get(key, () => {
    computedHere = true;
    return compute();
  });
  if (!computedHere) ctx.record(`fact ${key} (computed earlier in this sweep)`, describe(value));
  return value;
}
