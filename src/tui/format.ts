// Small text helpers for the screen: status labels that read without colour, ages, truncation.
import type { Status } from '../core/status.js';

export const STATUS_LABEL: Readonly<Record<Status, string>> = { ok: 'OK', warn: 'WARN', crit: 'CRIT', unknown: 'UNKN' };
export const STATUS_LETTER: Readonly<Record<Status, string>> = { ok: '.', warn: 'W', crit: 'C', unknown: '?' };
export const STATUS_COLOR: Readonly<Record<Status, string>> = { ok: 'green', warn: 'yellow', crit: 'red', unknown: 'magenta' };

export const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;

export function spinnerFrame(tick: number): string {
  return SPINNER[tick % SPINNER.length]!;
}

// "42s", "3m", "2h", "5d".
export function age(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  if (s < 172_800) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86_400)}d`;
}

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

export function clock(epochMs: number): string {
  return new Date(epochMs).toTimeString().slice(0, 8);
}
