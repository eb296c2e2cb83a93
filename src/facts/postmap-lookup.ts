// Lookups as postfix itself makes them: `postmap -q -` on the host, keys on stdin, tables in order.
import type { FactContext } from './context.js';
import type { PostconfFacts } from './postconf.js';
import { postmapKeys } from './postmap-keys.js';

export interface TableAnswer {
  readonly found: ReadonlyMap<string, { readonly value: string; readonly table: string }>; // key (lower case) -> first answer
  readonly error?: string; // a table postmap could not open or query
}

// Each key looked up in tables in order; the first table that answers wins, as in a postfix map list.
export async function lookupFirst(
  ctx: FactContext,
  pc: Pick<PostconfFacts, 'configDirectory'>,
  tables: readonly string[],
  keys: readonly string[],
): Promise<TableAnswer> {
  const found = new Map<string, { value: string; table: string }>();
  let pending = keys.map((k) => k.toLowerCase());
  for (const table of tables) {
    if (pending.length === 0) break;
    const answer = await postmapKeys(ctx, pc.configDirectory, table, pending);
    if (answer.error) return { found, error: `${table}: ${answer.error}` };
    for (const [key, value] of answer.found) {
      if (pending.includes(key)) found.set(key, { value, table });
    }
    pending = pending.filter((k) => !found.has(k));
  }
  return { found };
}
