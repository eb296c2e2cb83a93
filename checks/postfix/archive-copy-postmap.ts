// Lookups as postfix itself makes them: `postmap -q -` on the host, keys on stdin, tables in order.
import type { FactContext } from '../../src/facts/context.js';
import { DEFAULT_CONFIG_DIRECTORY, type PostconfFacts } from '../../src/facts/postconf.js';
import { execSbin } from '../../src/facts/sbin.js';
import { parsePostmapStdin, postmapStdinError } from '../../src/postfix/postmap-stdin.js';

export interface TableAnswer {
  readonly found: ReadonlyMap<string, { readonly value: string; readonly table: string }>; // key (lower case) -> first answer
  readonly error?: string; // a table postmap could not open or query
}

// Each key looked up in tables in order; the first table that answers wins, as in a postfix map list.
export async function lookupFirst(ctx: FactContext, pc: Pick<PostconfFacts, 'configDirectory'>, tables: readonly string[], keys: readonly string[]): Promise<TableAnswer> {
  const { configDirectory } = pc;
  const dirArgs = configDirectory === DEFAULT_CONFIG_DIRECTORY ? [] : ['-c', configDirectory];
  const found = new Map<string, { value: string; table: string }>();
  let pending = keys.map((k) => k.toLowerCase());
  for (const table of tables) {
    if (pending.length === 0) break;
    const r = await execSbin(ctx, 'postmap', [...dirArgs, '-q', '-', table], { stdin: pending.join('\n') + '\n' });
    const error = postmapStdinError(r.stderr) ?? (r.code !== 0 && r.code !== 1 ? `postmap exited ${r.code ?? r.signal}: ${r.stderr.trim()}` : null);
    if (error) return { found, error: `${table}: ${error}` };
    for (const [key, value] of parsePostmapStdin(r.stdout)) {
      if (pending.includes(key)) found.set(key, { value, table });
    }
    pending = pending.filter((k) => !found.has(k));
  }
  return { found };
}
