import { describe, expect, it } from 'vitest';
import { exitCode, nagiosLabel, worst, type Status } from '../../src/core/status.js';

describe('status combination', () => {
  it.each<[Status[], Status]>([
    [[], 'ok'],
    [['ok', 'ok'], 'ok'],
    [['ok', 'warn'], 'warn'],
    [['warn', 'unknown'], 'unknown'],
    [['unknown', 'crit'], 'crit'],
    [['crit', 'unknown', 'warn', 'ok'], 'crit'],
  ])('the worst of %j is %s', (input, expected) => {
    expect(worst(input)).toBe(expected);
  });

  it('never lets an UNKNOWN hide a CRIT, in either order', () => {
    expect(worst(['unknown', 'crit'])).toBe('crit');
    expect(worst(['crit', 'unknown'])).toBe('crit');
  });

  it('maps statuses to the monitoring-plugins exit codes and labels', () => {
    expect([exitCode('ok'), exitCode('warn'), exitCode('crit'), exitCode('unknown')]).toEqual([0, 1, 2, 3]);
    expect(nagiosLabel('warn')).toBe('WARNING');
    expect(nagiosLabel('unknown')).toBe('UNKNOWN');
  });
});
