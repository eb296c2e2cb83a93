import { describe, expect, it } from 'vitest';
import { elided, elidedOutcome } from '../../../src/user/kerberos/elided.js';

describe('elided', () => {
  it('keeps a login up to 120 characters and shows a longer one by its start and length', () => {
    expect(elided('test1001')).toBe('test1001');
    expect(elided('x'.repeat(10_000))).toBe(`${'x'.repeat(60)}... (10000 characters)`);
  });

  it('cuts every occurrence, plain or quoted, in the summary, hint and steps', () => {
    const login = 'y'.repeat(500);
    const out = elidedOutcome(
      {
        status: 'crit',
        summary: `${login} refused; ${JSON.stringify(login)}`,
        hint: `check ${login}`,
        steps: [{ name: 's', status: 'crit', summary: `as ${login}`, hint: login }],
      },
      login,
    );
    expect(JSON.stringify(out)).not.toContain('y'.repeat(61));
    expect(out.summary).toBe(
      `${'y'.repeat(60)}... (500 characters) refused; ${'"'}${'y'.repeat(59)}... (502 characters)`,
    );
  });
});
