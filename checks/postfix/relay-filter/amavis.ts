// The address amavisd hands scanned mail back to, read from its own config with one grep.
import type { CheckContext } from '../../../src/core/check.js';
import { parseNextHop } from '../../../src/postfix/content-filter.js';
import {
  AMAVIS_CONF_PATHS,
  DEFAULT_FORWARD_METHOD,
  forwardMethodFromGrep,
} from '../../../src/postfix/amavis-forward.js';

export interface AmavisReturn {
  readonly host: string;
  readonly port: number;
  readonly source: string; // "$forward_method in /etc/amavis/amavisd.conf" or "amavisd's default"
}

export async function amavisReturn(ctx: Pick<CheckContext, 'exec'>): Promise<AmavisReturn> {
  // Missing files only make grep complain on stderr; the ones that exist still answer.
  const r = await ctx.exec(['grep', '-H', 'forward_method', ...AMAVIS_CONF_PATHS]);
  const found = forwardMethodFromGrep(r.stdout);
  const hop = parseNextHop(found?.value ?? DEFAULT_FORWARD_METHOD);
  const fallback = parseNextHop(DEFAULT_FORWARD_METHOD)!;
  return {
    host: hop?.host ?? fallback.host!,
    port: hop?.port ?? fallback.port!,
    source: found ? `$forward_method in ${found.file}` : `amavisd's default ${DEFAULT_FORWARD_METHOD}`,
  };
}
