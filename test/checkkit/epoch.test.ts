import { describe, expect, it } from 'vitest';
import { parseEpoch } from '../../src/checkkit/epoch.js';

describe('parseEpoch', () => {
  it.each([
    ['1764064000.250000000\n', 1764064000.25],
    ['1764064000.N\n', 1764064000],
    ['1764064000.%N\n', 1764064000],
    ['1764064000', 1764064000],
    ['date: invalid', null],
  ])('reads %j', (stdout, expected) => {
    expect(parseEpoch(stdout)).toBe(expected);
  });
});
