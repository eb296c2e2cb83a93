// Named thresholds from the site config with the check's defaults.
import type { CheckContext } from '../../src/core/check.js';
import type { RangePair } from '../../src/config/types.js';

export function thresholds(ctx: Pick<CheckContext, 'site'>, name: string, defaults: Required<RangePair>): Required<RangePair> {
  const configured = ctx.site.thresholds[name];
  return { warn: configured?.warn ?? defaults.warn, crit: configured?.crit ?? defaults.crit };
}
