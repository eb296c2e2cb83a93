// A terminal screen as SVG: the text of `tmux capture-pane -e` (SGR escapes: 16, 256 and truecolor
// colours, bold, dim, italic, underline, inverse) laid out on a grid of monospace cells. Used for the
// README's screenshot of the dashboard (test/tui/screenshot.ts). Other escapes are dropped.

export interface Style {
  fg?: string; // resolved colour (#rrggbb); undefined: the default
  bg?: string;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
  inverse: boolean;
}

export interface Cell {
  readonly ch: string;
  readonly style: Style;
}

export interface SvgOptions {
  readonly columns: number;
  readonly rows: number;
  readonly fontSize?: number; // px, default 14
  readonly cellWidth?: number; // px, default 0.6 em (DejaVu Sans Mono, Menlo)
  readonly lineHeight?: number; // px, default 1.25 em
  readonly padding?: number; // px around the screen, default 12
  readonly title?: string; // <title> for screen readers
}

// A dark theme in the usual xterm layout: 0-7 normal, 8-15 bright.
export const PALETTE: readonly string[] = [
  '#1e1e1e',
  '#e0564f',
  '#5fb760',
  '#d7ba5d',
  '#4e8fe0',
  '#c678dd',
  '#4fb8c8',
  '#d4d4d4',
  '#7f7f7f',
  '#ff6e67',
  '#7edb7f',
  '#f0d478',
  '#70a9ff',
  '#e59af5',
  '#6fd7e6',
  '#ffffff',
];
export const DEFAULT_FG = '#d4d4d4';
export const DEFAULT_BG = '#1e1e1e';

const PLAIN: Style = { bold: false, dim: false, italic: false, underline: false, inverse: false };

function hex(n: number): string {
  return Math.max(0, Math.min(255, n)).toString(16).padStart(2, '0');
}

// xterm's 256 colours: the 16 above, a 6x6x6 cube, 24 greys.
export function color256(n: number): string {
  if (n < 16) return PALETTE[n]!;
  if (n < 232) {
    const levels = [0, 95, 135, 175, 215, 255];
    const i = n - 16;
    return `#${hex(levels[Math.floor(i / 36)]!)}${hex(levels[Math.floor(i / 6) % 6]!)}${hex(levels[i % 6]!)}`;
  }
  const g = 8 + (n - 232) * 10;
  return `#${hex(g)}${hex(g)}${hex(g)}`;
}

// Applies one SGR parameter list ("1;38;5;208", "" = reset) to a style.
export function applySgr(style: Style, params: string): Style {
  const s: Style = { ...style };
  // 38:5:n and 38:2::r:g:b (colon forms) become the semicolon forms.
  const p = (params === '' ? '0' : params)
    .replace(/:/g, ';')
    .split(';')
    .map((x) => (x === '' ? 0 : Number(x)));
  for (let i = 0; i < p.length; i++) {
    const n = p[i]!;
    if (n === 0) Object.assign(s, PLAIN, { fg: undefined, bg: undefined });
    else if (n === 1) s.bold = true;
    else if (n === 2) s.dim = true;
    else if (n === 3) s.italic = true;
    else if (n === 4) s.underline = true;
    else if (n === 7) s.inverse = true;
    else if (n === 22) s.bold = s.dim = false;
    else if (n === 23) s.italic = false;
    else if (n === 24) s.underline = false;
    else if (n === 27) s.inverse = false;
    else if (n >= 30 && n <= 37) s.fg = PALETTE[n - 30];
    else if (n >= 90 && n <= 97) s.fg = PALETTE[n - 90 + 8];
    else if (n >= 40 && n <= 47) s.bg = PALETTE[n - 40];
    else if (n >= 100 && n <= 107) s.bg = PALETTE[n - 100 + 8];
    else if (n === 39) s.fg = undefined;
    else if (n === 49) s.bg = undefined;
    else if (n === 38 || n === 48) {
      let value: string | undefined;
      if (p[i + 1] === 5) {
        value = color256(p[i + 2] ?? 0);
        i += 2;
      } else if (p[i + 1] === 2) {
        // 38;2;r;g;b, or with a colour-space id from the colon form (38:2:id:r:g:b): take the last three.
        const rest = p.slice(i + 2, i + 6);
        const rgb = rest.length === 4 && params.includes(':') ? rest.slice(1) : rest.slice(0, 3);
        value = `#${rgb.map((x) => hex(x)).join('')}`;
        i += 1 + (rest.length === 4 && params.includes(':') ? 4 : 3);
      }
      if (n === 38) s.fg = value;
      else s.bg = value;
    }
  }
  return s;
}

// The screen as rows of cells. State carries over line ends, as tmux writes it.
export function parseAnsi(text: string, columns: number, rows: number): Cell[][] {
  const lines = text.replace(/\r/g, '').split('\n');
  const grid: Cell[][] = [];
  let style: Style = { ...PLAIN };
  for (let y = 0; y < rows; y++) {
    const line = lines[y] ?? '';
    const row: Cell[] = [];
    let i = 0;
    while (i < line.length) {
      if (line[i] === '\u001b') {
        const csi = /^\u001b\[([0-9;:?]*)([@-~])/.exec(line.slice(i));
        if (csi) {
          if (csi[2] === 'm') style = applySgr(style, csi[1]!);
          i += csi[0].length;
        } else {
          const osc = /^\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)/.exec(line.slice(i));
          i += osc ? osc[0].length : 2;
        }
        continue;
      }
      const ch = String.fromCodePoint(line.codePointAt(i)!);
      i += ch.length;
      if (ch < ' ') continue;
      if (row.length < columns) row.push({ ch, style });
    }
    // tmux leaves out trailing blanks (attributes and all): the rest of the line is blank, unstyled.
    while (row.length < columns) row.push({ ch: ' ', style: PLAIN });
    grid.push(row);
  }
  return grid;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function colours(style: Style): { fg: string; bg: string | undefined } {
  let fg = style.fg ?? DEFAULT_FG;
  let bg = style.bg;
  if (style.inverse) {
    const f = fg;
    fg = bg ?? DEFAULT_BG;
    bg = f;
  }
  return { fg, bg };
}

function sameLook(a: Style, b: Style): boolean {
  return (
    a.fg === b.fg &&
    a.bg === b.bg &&
    a.bold === b.bold &&
    a.dim === b.dim &&
    a.italic === b.italic &&
    a.underline === b.underline &&
    a.inverse === b.inverse
  );
}

function fmt(n: number): string {
  return Number(n.toFixed(2)).toString();
}

export function screenToSvg(grid: readonly (readonly Cell[])[], options: SvgOptions): string {
  const fontSize = options.fontSize ?? 14;
  const cw = options.cellWidth ?? fontSize * 0.6;
  const lh = options.lineHeight ?? Math.round(fontSize * 1.25);
  const pad = options.padding ?? 12;
  const width = Math.ceil(options.columns * cw + 2 * pad);
  const height = Math.ceil(options.rows * lh + 2 * pad);
  const backgrounds: string[] = [];
  const texts: string[] = [];
  grid.forEach((row, y) => {
    const top = pad + y * lh;
    const baseline = top + Math.round(lh * 0.78);
    const spans: string[] = [];
    let x = 0;
    while (x < row.length) {
      const style = row[x]!.style;
      let end = x + 1;
      while (end < row.length && sameLook(row[end]!.style, style)) end++;
      const { fg, bg } = colours(style);
      if (bg)
        backgrounds.push(
          `<rect x="${fmt(pad + x * cw)}" y="${top}" width="${fmt((end - x) * cw)}" height="${lh}" fill="${bg}"/>`,
        );
      const text = row
        .slice(x, end)
        .map((c) => c.ch)
        .join('');
      // Each stretch of words is placed at its own column (runs of two or more spaces split them), so the
      // grid holds even where a viewer substitutes a font of another width.
      const attrs: string[] = [];
      if (fg !== DEFAULT_FG) attrs.push(`fill="${fg}"`);
      if (style.bold) attrs.push('font-weight="bold"');
      if (style.italic) attrs.push('font-style="italic"');
      if (style.underline) attrs.push('text-decoration="underline"');
      if (style.dim) attrs.push('fill-opacity="0.55"');
      for (const m of text.matchAll(/\S+(?: \S+)*/g)) {
        spans.push(
          `<tspan x="${fmt(pad + (x + Array.from(text.slice(0, m.index)).length) * cw)}"${attrs.map((a) => ` ${a}`).join('')}>${escapeXml(m[0])}</tspan>`,
        );
      }
      x = end;
    }
    if (spans.length) texts.push(`<text y="${baseline}">${spans.join('')}</text>`);
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">`,
    options.title ? `<title>${escapeXml(options.title)}</title>` : '',
    `<rect width="100%" height="100%" rx="6" fill="${DEFAULT_BG}"/>`,
    ...backgrounds,
    `<g font-family="'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace" font-size="${fontSize}" fill="${DEFAULT_FG}" xml:space="preserve">`,
    ...texts,
    '</g>',
    '</svg>',
    '',
  ]
    .filter((l) => l !== '')
    .join('\n');
}

export function ansiToSvg(text: string, options: SvgOptions): string {
  return screenToSvg(parseAnsi(text, options.columns, options.rows), options);
}
