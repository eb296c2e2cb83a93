// `postmap -q - TABLE` on a host: many keys of one table in one run (keys on stdin; for an ldap map, one
// connection and bind). postmap exits 1 both for "nothing found" and for a broken table: stderr tells.
import { parsePostmapStdin, postmapStdinError } from '../postfix/postmap-stdin.js';
import type { FactContext } from './context.js';
import { DEFAULT_CONFIG_DIRECTORY } from './postconf.js';
import { execSbin } from './sbin.js';

export interface TableQuery {
  readonly found: ReadonlyMap<string, string>; // key (lower case) -> value
  readonly error?: string; // the table could not be opened or queried
}

export async function postmapKeys(
  ctx: FactContext,
  configDirectory: string,
  table: string,
  keys: readonly string[],
  timeoutMs?: number,
): Promise<TableQuery> {
  const dirArgs = configDirectory === DEFAULT_CONFIG_DIRECTORY ? [] : ['-c', configDirectory];
  const r = await execSbin(ctx, 'postmap', [...dirArgs, '-q', '-', table], {
    stdin: keys.join('\n') + '\n',
    ...(timeoutMs ? { timeoutMs } : {}),
  });
  const error =
    postmapStdinError(r.stderr) ??
    (r.code !== 0 && r.code !== 1
      ? `postmap exited ${r.code ?? r.signal}${r.timedOut ? ' (timed out)' : ''}: ${r.stderr.trim()}`
      : null);
  return error ? { found: new Map(), error } : { found: parsePostmapStdin(r.stdout) };
}
