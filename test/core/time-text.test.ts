import { describe, expect, it } from 'vitest';
import {
  clockTime,
  compactAge,
  formatAge,
  formatAgeMinutes,
  formatDuration,
  formatWallTime,
} from '../../src/core/time-text.js';

describe('time as text', () => {
  it.each([
    [350, '350 ms'],
    [150, '150 ms'],
    [2400, '2.4 s'],
    [10_000, '10.0 s'],
    [65_000, '1 min 5 s'],
  ])('formats the duration %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([
    [42_000, '42 s', '42s'],
    [15 * 60_000, '15 min', '15m'],
    [90 * 60_000 * 2, '3 h', '3h'],
    [5.4 * 3_600_000, '5.4 h', '5h'],
    [50 * 3_600_000, '2.1 d', '2d'],
    [-5, '0 s', '0s'],
  ])('gives the age %d ms as %s in prose and %s compact', (ms, prose, compact) => {
    expect(formatAge(ms)).toBe(prose);
    expect(compactAge(ms)).toBe(compact);
  });

  it('prints a wall-clock time as HH:MM:SS', () => {
    expect(clockTime(Date.now())).toMatch(/^\d\d:\d\d:\d\d$/);
  });

  it.each([
    [0, '0 min'],
    [17 * 60_000, '17 min'],
    [11 * 3_600_000, '11 h'],
    [72 * 3_600_000, '3 d'],
  ])('gives the cron age %d ms in whole minutes as %s', (ms, text) => {
    expect(formatAgeMinutes(ms)).toBe(text);
  });

  it('prints a wall-clock time kept as UTC as its date and minute', () => {
    expect(formatWallTime(Date.UTC(2026, 10, 25, 14, 35, 59))).toBe('2026-11-25 14:35');
  });
});
