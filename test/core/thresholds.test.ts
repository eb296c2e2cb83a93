import { describe, expect, it } from 'vitest';
import { alerts, evaluate, parseRange, RangeSyntaxError } from '../../src/core/thresholds.js';

describe('monitoring-plugins ranges', () => {
  // Table from the monitoring-plugins development guidelines.
  it.each<[string, number, boolean]>([
    ['10', -1, true],
    ['10', 0, false],
    ['10', 10, false],
    ['10', 11, true],
    ['10:', 9, true],
    ['10:', 10, false],
    ['~:10', -1000, false],
    ['~:10', 11, true],
    ['10:20', 9, true],
    ['10:20', 15, false],
    ['10:20', 21, true],
    ['@10:20', 15, true],
    ['@10:20', 9, false],
    ['1.5', 1.6, true],
  ])('range %s alerts for %d: %s', (text, value, expected) => {
    expect(alerts(parseRange(text), value)).toBe(expected);
  });

  it('lets crit win over warn', () => {
    expect(evaluate(250, '50', '200')).toBe('crit');
    expect(evaluate(100, '50', '200')).toBe('warn');
    expect(evaluate(10, '50', '200')).toBe('ok');
    expect(evaluate(10)).toBe('ok');
  });

  it.each(['abc', '10:5', '@', '1:2:3', ''])('rejects %j with a message naming the range', (text) => {
    expect(() => parseRange(text)).toThrow(RangeSyntaxError);
  });
});
