// Every threshold a check looks up in the config's `thresholds`, the one list of them: the config refuses
// any other name, so a misspelt one (queue.defered) is an error instead of a setting silently ignored.
// Checks look thresholds up through src/checkkit/thresholds.ts, which takes only these names.
export const THRESHOLD_NAMES = [
  'clamd.officialDatabases',
  'clamd.signatureAgeHours',
  'clock.offsetSeconds',
  'disk.freeInodesPercent',
  'disk.freePercent',
  'oxldapsync.lastRunHours',
  'queue.active',
  'queue.corrupt',
  'queue.deferred',
  'queue.hold',
  'queue.incoming',
  'queue.maildrop',
  'queue.oldestMinutes',
  'user.failedLoginsHour',
] as const;

export type ThresholdName = (typeof THRESHOLD_NAMES)[number];

export function isThresholdName(name: string): name is ThresholdName {
  return (THRESHOLD_NAMES as readonly string[]).includes(name);
}
