// `?` in the user view lists the keys that work there, with what they do there, and fits an 80x24 terminal.
import { describe, expect, it } from 'vitest';
import { footerText, helpLines, userFooterText } from '../../src/tui/help-text.js';

const rowOf = (lines: string[], keys: string) => lines.find((l) => l.startsWith(`  ${keys} `));

describe("the user view's help", () => {
  const lines = helpLines('user');

  it("names the view's own keys, and the general ones with what they do in the view", () => {
    expect(rowOf(lines, 's')).toMatch(/send a marked test message \(asks y\/n first\)/);
    expect(rowOf(lines, 'u')).toMatch(/another user/);
    expect(rowOf(lines, 'r')).toMatch(/re-run the user's checks/);
    expect(rowOf(lines, 'enter')).toMatch(/the selected hop's evidence/);
    expect(rowOf(lines, 'j down')).toMatch(/next hop/);
    expect(rowOf(lines, 'q')).toMatch(/user view: back, as esc/);
    expect(rowOf(lines, 'ctrl+c')).toMatch(/^ {2}ctrl\+c +quit$/);
  });

  it("leaves out what does not work in the view; the overview's help has u, not s", () => {
    expect(lines.some((l) => /^ {2}(:|f|R|l|t|\/) /.test(l))).toBe(false);
    const overview = helpLines();
    expect(rowOf(overview, 'u')).toMatch(/one user end to end/);
    expect(rowOf(overview, 's')).toBeUndefined();
  });

  it('fits the body of an 80x24 dashboard, each line and the footers within 80 columns', () => {
    expect(lines.length).toBeLessThanOrEqual(19);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(userFooterText().length).toBeLessThanOrEqual(80);
    expect(footerText().length).toBeLessThanOrEqual(80);
  });
});
