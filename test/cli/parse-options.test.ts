import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { list, nonEmpty, positiveInt } from '../../src/cli/parse-options.js';

function refusal(parse: () => unknown): string {
  try {
    parse();
  } catch (err) {
    if (err instanceof InvalidArgumentError) return err.message;
    throw err;
  }
  return 'accepted';
}

describe('positiveInt', () => {
  it('takes a whole number from 1 up to its maximum', () => {
    expect(positiveInt('milliseconds', 3_600_000)('1')).toBe(1);
    expect(positiveInt('milliseconds', 3_600_000)('3600000')).toBe(3_600_000);
  });

  it('refuses a number above its maximum, saying what the maximum is', () => {
    expect(refusal(() => positiveInt('milliseconds', 3_600_000, 'one hour')('2147483648'))).toBe(
      "expected milliseconds of at most 3600000 (one hour), got '2147483648'",
    );
    expect(refusal(() => positiveInt('a number of checks', 1000)('99999999999999999999'))).toBe(
      "expected a number of checks of at most 1000, got '99999999999999999999'",
    );
  });

  it('still refuses zero and words as before', () => {
    expect(refusal(() => positiveInt('seconds', 3600)('0'))).toBe("expected seconds (a whole number above 0), got '0'");
    expect(refusal(() => positiveInt('seconds', 3600)('1e3'))).toBe(
      "expected seconds (a whole number above 0), got '1e3'",
    );
  });
});

describe('list', () => {
  it('collects repeated and comma-separated values', () => {
    const parse = list('a host name');
    expect(parse('c', parse('a, b'))).toEqual(['a', 'b', 'c']);
  });

  it('refuses an empty value instead of meaning "all"', () => {
    expect(refusal(() => list('a host name')(''))).toBe("expected a host name, got ''");
    expect(refusal(() => list('a check id or group')('  '))).toBe("expected a check id or group, got '  '");
  });

  it('refuses an empty item between commas', () => {
    expect(refusal(() => list('a host name')('a,,b'))).toBe(
      "expected a host name on each side of every comma, got 'a,,b'",
    );
    expect(refusal(() => list('a host name')('a,'))).toBe("expected a host name on each side of every comma, got 'a,'");
  });
});

describe('nonEmpty', () => {
  it('passes a value through and refuses an empty one', () => {
    expect(nonEmpty('a file name')('site.yaml')).toBe('site.yaml');
    expect(refusal(() => nonEmpty('a file name')(''))).toBe("expected a file name, got ''");
  });
});
