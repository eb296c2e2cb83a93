// Running an admin binary that may not be on a remote PATH (non-login SSH shells often lack /usr/sbin).
import type { ExecOptions, ExecResult } from '../transport/types.js';
import { factKey, memo, type FactContext, type FactKey } from './context.js';

export const SBIN_DIRS = ['/usr/sbin', '/sbin', '/usr/lib/cyrus/bin', '/usr/lib/cyrus-imapd', '/usr/local/sbin'];

// Per binary name, the path that ran last time (filled in once found).
export function sbinPathFact(name: string): FactKey<{ path?: string }> {
  return factKey<{ path?: string }>(`sbin-cache:${name}`);
}

export function commandMissing(r: ExecResult): boolean {
  return r.code === 127 || (r.code !== 0 && /ENOENT|command not found|not found$/im.test(r.stderr) && r.stdout === '');
}

// Runs name with args: first as found on PATH, then from each sbin directory. The working path is
// memoised per host so later calls cost one exec. Returns the last result when nothing ran.
export async function execSbin(
  ctx: FactContext,
  name: string,
  args: readonly string[],
  options?: ExecOptions,
  dirs: readonly string[] = SBIN_DIRS,
): Promise<ExecResult> {
  const known = await memo(ctx, sbinPathFact(name), async () => ({}));
  if (known.path !== undefined) return ctx.exec([known.path, ...args], options);
  let last: ExecResult | undefined;
  for (const candidate of [name, ...dirs.map((d) => `${d}/${name}`)]) {
    last = await ctx.exec([candidate, ...args], options);
    if (!commandMissing(last)) {
      (known as { path?: string }).path = candidate;
      return last;
    }
  }
  return last!;
}
