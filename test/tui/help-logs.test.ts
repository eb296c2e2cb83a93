// `?` in the log pane lists the keys that work there, with what they do there, and fits an 80x24 terminal.
import { describe, expect, it } from 'vitest';
import { helpLines, logFooterText } from '../../src/tui/help-text.js';

const rowOf = (lines: string[], keys: string) => lines.find((l) => l.startsWith(`  ${keys} `));

describe("the log pane's help", () => {
  const lines = helpLines('logs');

  it("names the pane's own keys, and the general ones with what they do in the pane", () => {
    expect(rowOf(lines, 'space')).toMatch(/pause or resume/);
    expect(rowOf(lines, 'q')).toMatch(/back, as esc/);
    expect(rowOf(lines, 't')).toMatch(/trace the selected line/);
    expect(rowOf(lines, 'left h')).toMatch(/scroll left/);
    expect(rowOf(lines, 'G end')).toMatch(/follow the stream again/);
    expect(rowOf(lines, 'esc')).toMatch(/back to where l was pressed/);
    expect(rowOf(lines, 'pgdn ctrl+d')).toMatch(/one page down/); // space pauses here
    expect(rowOf(lines, 'ctrl+c')).toMatch(/^ {2}ctrl\+c +quit$/); // q goes back here
  });

  it("leaves out what does not work in the pane, and the overview's help keeps its own", () => {
    expect(lines.some((l) => /^ {2}(:|f|r|R|enter|l) /.test(l))).toBe(false);
    const overview = helpLines();
    expect(rowOf(overview, 'l')).toMatch(/the log pane/);
    expect(overview.some((l) => /^ {2}\S+(?: \S+)? +log pane/.test(l))).toBe(false);
  });

  it('fits the body of an 80x24 dashboard, each line and the footer within 80 columns', () => {
    expect(lines.length).toBeLessThanOrEqual(19);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(logFooterText().length).toBeLessThanOrEqual(80);
  });
});
