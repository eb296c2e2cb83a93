import { describe, expect, it } from 'vitest';
import { requiredLiterals } from '../../src/logs/fixed-strings.js';

// Every literal set must be necessary: a line the regexp matches contains one of the literals.
function sound(source: string, flags: string, lines: readonly string[]): void {
  const literals = requiredLiterals(source, flags);
  const re = new RegExp(source, flags);
  for (const line of lines) {
    if (re.test(line) && literals.length > 0)
      expect(
        literals.some((l) => line.includes(l)),
        line,
      ).toBe(true);
  }
}

describe('requiredLiterals', () => {
  it.each([
    ['a|b', ['a', 'b']],
    ['(foo)?bar', ['bar']],
    ['x.*y', ['x']],
    ['\\.', ['.']],
    ['[ab]c', ['c']],
    ['status=deferred', ['status=deferred']],
    ['^3F2A1B4C5D:', ['3F2A1B4C5D:']],
    ['to=<user@example\\.com>', ['to=<user@example.com>']],
    ['(?:sent|deferred) \\(', ['sent', 'deferred']],
    ['status=(sent|bounced)', ['status=']],
    ['(status=sent|status=bounced)', ['status=sent', 'status=bounced']],
    ['foo?', ['fo']],
    ['a{3}b', ['aaab']],
    ['ab+c', ['ab']],
    ['\\d+ queued', [' queued']],
    ['\\x41B\\u0043', ['ABC']],
    ['\\t-x', ['\t-x']],
    ['\\bword\\b', ['word']],
    ['-e', ['-e']],
    ["'; touch /tmp/pwned; '", ["'; touch /tmp/pwned; '"]],
    ['$(id)', ['id']], // '$' is an anchor and '(id)' a group
    ['`id`;', ['`id`;']],
  ])('%s -> %j', (source, expected) => {
    expect(requiredLiterals(source)).toEqual(expected);
  });

  it.each([
    ['.*', 'nothing is required', []],
    ['a|.', 'one branch needs no literal', []],
    ['(foo)*', 'zero repeats allowed', []],
    ['[abc]+', 'only a class', []],
    ['\\w+@\\w+', "only '@' is required", ['@']],
    ['(?=foo)bar|baz?', 'a lookahead proves nothing; the other branch needs ba', ['bar', 'ba']],
    ['(', 'not a valid regexp', []],
    ['a|', 'an empty branch matches everything', []],
    ['(?<!x)\\1', 'lookbehind and a backreference', []],
    ['ab{2,}c', 'a repeat: its first and last copies', ['abb']],
  ])('%s: %s', (source, _why, expected) => {
    expect(requiredLiterals(source)).toEqual(expected);
  });

  it('gives up on the case-insensitive flag (grep -F compares bytes)', () => {
    expect(requiredLiterals('Status=Sent', 'i')).toEqual([]);
  });

  it('never proposes a literal a matching line lacks', () => {
    const lines = [
      'status=sent',
      'status=bounced',
      'foo bar',
      'fobar',
      'xay',
      'ab',
      'bc',
      'aaab',
      'abbbc',
      '12 queued',
    ];
    for (const source of ['status=(sent|bounced)', '(foo)?bar', 'x.*y', 'a|b', '[ab]c', 'a{3}b', 'ab+c', '\\d+ queued'])
      sound(source, '', lines);
  });

  it('is sound on 3,000 random patterns: every line a pattern matches holds one of its literals', () => {
    let seed = 16;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const atom = (depth: number): string => {
      const pick = rand(depth > 2 ? 4 : 7);
      if (pick < 2) return 'abc'[rand(3)] ?? 'a';
      if (pick === 2) return ['.', '[ab]', '\\.', '\\d'][rand(4)] ?? '.';
      if (pick === 3) return '-';
      const inner = pattern(depth + 1);
      return pick === 4 ? `(${inner})` : pick === 5 ? `(?:${inner})` : `(${inner}|${pattern(depth + 1)})`;
    };
    const pattern = (depth: number): string => {
      let out = '';
      for (let i = 0, n = 1 + rand(4); i < n; i++)
        out += atom(depth) + ['', '', '*', '+', '?', '{2}', '{1,3}'][rand(7)];
      return out;
    };
    const subject = (): string => Array.from({ length: rand(12) }, () => 'abc.-1'[rand(6)]).join('');
    const subjects = Array.from({ length: 400 }, subject);
    let withLiterals = 0;
    let matchesChecked = 0;
    for (let i = 0; i < 3000; i++) {
      const source = pattern(0);
      const literals = requiredLiterals(source);
      const re = new RegExp(source);
      if (literals.length === 0) continue;
      withLiterals++;
      for (const line of subjects.filter((l) => re.test(l))) {
        matchesChecked++;
        expect(
          literals.some((l) => line.includes(l)),
          `${source} on ${line}: ${literals.join(' | ')}`,
        ).toBe(true);
      }
    }
    expect(withLiterals).toBeGreaterThan(1000); // the property is tested, not skipped
    expect(matchesChecked).toBeGreaterThan(10_000);
  });
});
