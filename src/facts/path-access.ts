// A user's ids and the modes of every directory and file on the way to some paths, in one command: what
// the kernel would let that user do there is then decided by src/unix/path-access.ts.
import { parseLsLine, pathChain, type PathMode, type UserIds } from '../unix/path-access.js';
import type { FactContext } from './context.js';

export interface PathAccessView {
  readonly ids: UserIds | null; // null: no such user on the host
  readonly modes: ReadonlyMap<string, PathMode | null>; // null: the path does not exist (or ls failed)
}

// ls -L: a symlinked element counts with the mode of what it points to, as the kernel resolves it.
const SCRIPT = `u=$1; shift
printf '@@uid %s\\n' "$(id -u "$u" 2>/dev/null)"
printf '@@gids %s\\n' "$(id -G "$u" 2>/dev/null)"
for p; do printf '@@path %s\\n' "$p"; ls -ldnL -- "$p" 2>/dev/null || echo '@@missing'; done`;

export async function pathAccessView(
  ctx: Pick<FactContext, 'exec'>,
  user: string,
  paths: readonly string[],
): Promise<PathAccessView> {
  const all = [...new Set(paths.flatMap(pathChain))];
  const r = await ctx.exec(['sh', '-c', SCRIPT, 'sh', user, ...all], { timeoutMs: 15_000 });
  return parsePathAccess(user, r.stdout);
}

export function parsePathAccess(user: string, stdout: string): PathAccessView {
  let uid: number | undefined;
  let gids: number[] = [];
  const modes = new Map<string, PathMode | null>();
  let current: string | undefined;
  for (const line of stdout.split('\n')) {
    if (line.startsWith('@@uid ')) {
      const v = line.slice(6).trim();
      uid = /^\d+$/.test(v) ? Number(v) : undefined;
    } else if (line.startsWith('@@gids ')) {
      gids = line.slice(7).trim().split(/\s+/).filter(Boolean).map(Number);
    } else if (line.startsWith('@@path ')) {
      current = line.slice(7);
      modes.set(current, null);
    } else if (current !== undefined && line !== '@@missing' && modes.get(current) === null) {
      modes.set(current, parseLsLine(current, line));
    }
  }
  return { ids: uid === undefined ? null : { user, uid, gids }, modes };
}
