// Named thresholds from the site config with the check's defaults.
import type { CheckContext } from '../core/check.js';
import type { RangePair } from '../core/site.js';
import type { ThresholdName } from '../core/threshold-names.js';

// Only names of THRESHOLD_NAMES: the config refuses the others, so a check may not look one up.
export function thresholds(
  ctx: Pick<CheckContext, 'site'>,
  name: ThresholdName,
  defaults: Required<RangePair>,
): Required<RangePair> {
  const configured = ctx.site.thresholds[name];
  return { warn: configured?.warn ?? defaults.warn, crit: configured?.crit ?? defaults.crit };
}
