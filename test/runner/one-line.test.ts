// Every result reads on one line and every non-OK result says what to do (issue 15: some UNKNOWNs spanned two
// lines with no hint).
import { describe, expect, it } from 'vitest';
import { hintFor, oneLine } from '../../src/runner/run-check.js';

describe('a result as it is printed', () => {
  it('joins a summary that a server wrote over several lines', () => {
    expect(oneLine('listuser failed:\n  Cannot get connection\r\n\nto config DB.')).toBe(
      'listuser failed:; Cannot get connection; to config DB.',
    );
    expect(oneLine('one line')).toBe('one line');
  });

  it("takes a non-OK outcome's hint from its worst step when the outcome has none", () => {
    const steps = [
      { name: 'a', status: 'warn' as const, summary: 'w', hint: 'fix a' },
      { name: 'b', status: 'unknown' as const, summary: 'u', hint: 'fix b' },
    ];
    expect(hintFor({ status: 'unknown', summary: 'u', steps })).toBe('fix b');
    expect(hintFor({ status: 'unknown', summary: 'u', steps: [steps[0]!] })).toBe('fix a');
    expect(hintFor({ status: 'crit', summary: 'c', hint: 'own', steps })).toBe('own');
    expect(hintFor({ status: 'ok', summary: 'fine', steps })).toBeUndefined();
  });
});
