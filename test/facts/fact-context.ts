// A FactContext over a real transport: a per-sweep memo and the evidence it collected.
import type { Evidence } from '../../src/core/result.js';
import type { FactContext } from '../../src/facts/context.js';
import type { Transport } from '../../src/transport/types.js';

export interface TestFactContext extends FactContext {
  readonly evidence: Evidence[];
}

export function sweep(transport: Transport): (evidence?: Evidence[]) => TestFactContext {
  const memo = new Map<string, Promise<unknown>>();
  const facts = {
    get<T>(key: string, compute: () => Promise<T>): Promise<T> {
      if (!memo.has(key)) memo.set(key, compute());
      return memo.get(key) as Promise<T>;
    },
  };
  return (evidence: Evidence[] = []) => ({
    facts,
    transport,
    evidence,
    async exec(argv, options) {
      const r = await transport.exec(argv, options);
      evidence.push({ label: `$ ${argv.join(' ')}`, text: r.stdout + r.stderr });
      return r;
    },
    record(label, text) {
      evidence.push({ label, text });
    },
  });
}
