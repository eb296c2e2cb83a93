// One seed setting on one host: matches, drifted (with the seed's value and how to set it back), or a
// deviation the site's config accepts on purpose.
import type { SeedDeviation } from '../../../src/core/site.js';
import type { Step } from '../../../src/core/result.js';
import { matches, missingItems } from '../../../src/seed/compare.js';
import type { SeedSetting } from '../../../src/seed/types.js';
import { shown, type Observed } from './observation.js';

export interface Verdict {
  readonly setting: SeedSetting;
  readonly observed: Observed;
  readonly kind: 'match' | 'drift' | 'accepted';
  readonly step: Step;
}

export function judge(
  setting: SeedSetting,
  observed: Observed,
  host: string,
  deviations: readonly SeedDeviation[],
): Verdict {
  const { expected, value, label } = observed;
  const name = `${setting.source} ${label}`;
  if (matches(setting, expected, value)) {
    const step = { name, status: 'ok' as const, summary: `${label} is ${shown(value)} as the seed sets it` };
    return { setting, observed, kind: 'match', step };
  }
  const accepted = deviations.find(
    (d) =>
      d.setting === setting.id && (d.hosts === undefined || d.hosts.includes(host)) && matches(setting, d.value, value),
  );
  if (accepted) {
    const summary = `${label} is ${shown(value)} instead of the seed's ${shown(expected)}: accepted deviation (${accepted.reason})`;
    return { setting, observed, kind: 'accepted', step: { name, status: 'ok', summary } };
  }
  const seedText = expected === null ? 'the seed leaves it unset' : `the seed sets ${shown(expected)}`;
  const summary = `${drifted(setting, observed)}, ${seedText}: ${setting.risk}`;
  const hint = `${observed.fix(fixValue(setting, observed))} (seed: "${setting.reason}"; read from ${observed.where})`;
  return { setting, observed, kind: 'drift', step: { name, status: setting.severity, summary, hint } };
}

// "autocreate_inbox_folders lacks "Sent Items"", "unknown_local_recipient_reject_code is 550"
function drifted(setting: SeedSetting, { label, value, expected }: Observed): string {
  if (value !== undefined && expected !== null && (setting.comparison === 'set' || setting.comparison === 'contains')) {
    const missing = missingItems(setting, expected, value);
    if (missing.length > 0) return `${label} lacks ${missing.map((m) => `"${m}"`).join(', ')} (it is ${shown(value)})`;
  }
  return `${label} is ${shown(value)}`;
}

// The value to set: the seed's; for "contains" the host's own items plus the missing ones.
function fixValue(setting: SeedSetting, { value, expected }: Observed): string | null {
  if (setting.comparison !== 'contains' || value === undefined || expected === null) return expected;
  const missing = missingItems(setting, expected, value);
  return [value.trim(), ...missing].filter(Boolean).join(setting.separator ?? ' ');
}
