// The ANSI (SGR) to SVG renderer of the README's screenshot (test/tui/screenshot.ts).
import { describe, expect, it } from 'vitest';
import { ansiToSvg, applySgr, color256, DEFAULT_BG, DEFAULT_FG, PALETTE, parseAnsi, type Style } from './ansi-svg.js';

const PLAIN: Style = { bold: false, dim: false, italic: false, underline: false, inverse: false };

describe('SGR', () => {
  it('reads 16, 256 and truecolor colours, attributes, and resets', () => {
    expect(applySgr(PLAIN, '1;31')).toMatchObject({ bold: true, fg: PALETTE[1] });
    expect(applySgr(PLAIN, '92;44')).toMatchObject({ fg: PALETTE[10], bg: PALETTE[4] });
    expect(applySgr(PLAIN, '38;5;208')).toMatchObject({ fg: '#ff8700' });
    expect(applySgr(PLAIN, '48;5;244')).toMatchObject({ bg: '#808080' });
    expect(applySgr(PLAIN, '38;2;1;2;255')).toMatchObject({ fg: '#0102ff' });
    expect(applySgr(PLAIN, '38:2::1:2:255')).toMatchObject({ fg: '#0102ff' });
    expect(applySgr(PLAIN, '38;5;1;1')).toMatchObject({ fg: PALETTE[1], bold: true });
    expect(applySgr(PLAIN, '2;7;3;4')).toMatchObject({ dim: true, inverse: true, italic: true, underline: true });
    const styled = applySgr(PLAIN, '1;31;42;7');
    expect(applySgr(styled, '')).toEqual({ ...PLAIN, fg: undefined, bg: undefined });
    expect(applySgr(styled, '0')).toEqual({ ...PLAIN, fg: undefined, bg: undefined });
    expect(applySgr(styled, '39;49;22;27')).toMatchObject({
      fg: undefined,
      bg: undefined,
      bold: false,
      inverse: false,
    });
  });

  it('maps the 256-colour cube and greys as xterm does', () => {
    expect(color256(16)).toBe('#000000');
    expect(color256(231)).toBe('#ffffff');
    expect(color256(196)).toBe('#ff0000');
    expect(color256(232)).toBe('#080808');
    expect(color256(255)).toBe('#eeeeee');
  });
});

describe('the screen', () => {
  it('keeps state across line ends, pads to the size, and drops other escapes', () => {
    const grid = parseAnsi('\u001b[31mab\n\u001b[?25lc\u001b]0;title\u0007d\u001b[0me', 4, 3);
    expect(grid).toHaveLength(3);
    expect(grid.map((r) => r.map((c) => c.ch).join(''))).toEqual(['ab  ', 'cde ', '    ']);
    expect(grid[1]![0]!.style.fg).toBe(PALETTE[1]);
    expect(grid[1]![2]!.style.fg).toBeUndefined();
    // tmux trims trailing blanks even when styled: the padding is unstyled
    expect(parseAnsi('\u001b[7mab', 4, 1)[0]!.map((c) => c.style.inverse)).toEqual([true, true, false, false]);
  });

  it('renders runs at their columns with colours, bold, dim and inverse, escaping XML', () => {
    const svg = ansiToSvg(
      '\u001b[1;34moxdoctor\u001b[0m  a<b & c\n\u001b[7msel\u001b[27m \u001b[2mdim\u001b[0m \u001b[32m⠋ ok\u001b[0m',
      { columns: 20, rows: 2, fontSize: 10, cellWidth: 6, lineHeight: 12, padding: 0, title: 'T' },
    );
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="120" height="24"/);
    expect(svg).toContain('<title>T</title>');
    expect(svg).toContain(`<tspan x="0" fill="${PALETTE[4]}" font-weight="bold">oxdoctor</tspan>`);
    expect(svg).toContain('<tspan x="60">a&lt;b &amp; c</tspan>');
    // inverse: a bar in the default foreground behind text in the default background
    expect(svg).toContain(`<rect x="0" y="12" width="18" height="12" fill="${DEFAULT_FG}"/>`);
    expect(svg).toContain(`<tspan x="0" fill="${DEFAULT_BG}">sel</tspan>`);
    expect(svg).toContain('<tspan x="24" fill-opacity="0.55">dim</tspan>');
    expect(svg).toContain(`<tspan x="48" fill="${PALETTE[2]}">⠋ ok</tspan>`);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
  });
});
