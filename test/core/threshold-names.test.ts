import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUEUE_DEFAULTS } from '../../checks/queue/depth/limits.js';
import { isThresholdName, THRESHOLD_NAMES } from '../../src/core/threshold-names.js';

const CHECKS = join(import.meta.dirname, '../../checks');
const USER_PROBES = join(import.meta.dirname, '../../src/user'); // oxdoctor user's probes look thresholds up too

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return sources(join(dir, e.name));
    return e.name.endsWith('.ts') ? [readFileSync(join(dir, e.name), 'utf8')] : [];
  });
}

describe('the threshold names', () => {
  // The compiler holds every lookup to the list (src/checkkit/thresholds.ts takes a ThresholdName); this holds
  // the list to the lookups, so the config does not accept a name no check reads.
  it('are each looked up by a check', () => {
    const text = [...sources(CHECKS), ...sources(USER_PROBES)].join('\n');
    const queueNames = Object.keys(QUEUE_DEFAULTS).map((q) => `queue.${q}`);
    const unused = THRESHOLD_NAMES.filter((n) => !text.includes(`'${n}'`) && !queueNames.includes(n));
    expect(unused).toEqual([]);
    expect(text).toContain('`queue.${queue}`');
  });

  it('tell a known name from a misspelt one', () => {
    expect(isThresholdName('queue.deferred')).toBe(true);
    expect(isThresholdName('queue.defered')).toBe(false);
    expect(isThresholdName('__proto__')).toBe(false);
  });
});
