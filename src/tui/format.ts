// Small text helpers for the screen: status labels that read without colour, ages, truncation.
import type { Status } from '../core/status.js';

export const STATUS_LABEL: Readonly<Record<Status, string>> = { ok: 'OK', warn: 'WARN', crit: 'CRIT', unknown: 'UNKN' };
export const STATUS_LETTER: Readonly<Record<Status, string>> = { ok: '.', warn: 'W', crit: 'C', unknown: '?' };
export const STATUS_COLOR: Readonly<Record<Status, string>> = {
  ok: 'green',
  warn: 'yellow',
  crit: 'red',
  unknown: 'magenta',
};

export const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;

export function spinnerFrame(tick: number): string {
  return SPINNER[tick % SPINNER.length]!;
}

// Ages and clock times: one formatter for the whole tree (core/time-text.ts).
export { compactAge as age, clockTime as clock } from '../core/time-text.js';

export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  const flat = text.replace(/\s*\n\s*/g, ' ');
  if (flat.length <= width) return flat;
  return width === 1 ? '~' : `${flat.slice(0, width - 1)}~`;
}

// Wraps to the width, breaking at spaces where it can; keeps existing line breaks.
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  const w = Math.max(1, width);
  for (const raw of text.replace(/\t/g, '  ').split('\n')) {
    let line = raw.trimEnd();
    if (line === '') {
      out.push('');
      continue;
    }
    while (line.length > w) {
      const cut = line.lastIndexOf(' ', w);
      const at = cut > w / 3 ? cut : w;
      out.push(line.slice(0, at));
      line = line.slice(at).replace(/^ /, '');
    }
    out.push(line);
  }
  return out;
}
