import { describe, expect, it } from 'vitest';
import { firesAt, firingsBefore, parseSchedule } from '../../src/cron/schedule.js';

const at = (iso: string) => Date.parse(`${iso}Z`);

describe('cron schedules', () => {
  it.each([
    ['*/5 * * * *', '2026-11-25T14:35', true],
    ['*/5 * * * *', '2026-11-25T14:36', false],
    ['15 3 * * *', '2026-11-25T03:15', true],
    ['0 2 * * mon-fri', '2026-11-28T02:00', false], // a Saturday
    ['0 2 * * 1-5', '2026-11-27T02:00', true],
    ['0 0 1 jan *', '2027-01-01T00:00', true],
    ['30 4 1,15 * 7', '2026-11-29T04:30', true], // Sunday as 7, day and weekday both restricted: either fires
    ['30 4 1,15 * 7', '2026-11-15T04:30', true],
    ['30 4 1,15 * 7', '2026-11-16T04:30', false],
    ['@daily', '2026-11-25T00:00', true],
    ['10-20/5 * * * *', '2026-11-25T14:20', true],
    ['10-20/5 * * * *', '2026-11-25T14:25', false],
  ])('%s fires at %s: %s', (text, when, fires) => {
    const s = parseSchedule(text);
    expect(s).toBeDefined();
    expect(firesAt(s!, at(when))).toBe(fires);
  });

  it('refuses what is not cron time syntax, and @reboot', () => {
    for (const bad of ['61 * * * *', '* * * *', 'x * * * *', '@reboot', '5-1 * * * *', '*/0 * * * *'])
      expect(parseSchedule(bad)).toBeUndefined();
  });

  it('lists the last firings before a time, newest first', () => {
    expect(firingsBefore(parseSchedule('*/5 * * * *')!, at('2026-11-25T14:37'), 3)).toEqual([
      at('2026-11-25T14:35'),
      at('2026-11-25T14:30'),
      at('2026-11-25T14:25'),
    ]);
    expect(firingsBefore(parseSchedule('15 3 * * *')!, at('2026-11-25T03:14'), 1)).toEqual([at('2026-11-24T03:15')]);
  });
});
