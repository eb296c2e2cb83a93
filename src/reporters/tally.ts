// Counts per status, and the order reporters list results in.
import type { Result } from '../core/result.js';
import { severity, type Status } from '../core/status.js';

export type Tally = Record<Status, number>;

export function tally(results: readonly Pick<Result, 'status'>[]): Tally {
  const t: Tally = { ok: 0, warn: 0, unknown: 0, crit: 0 };
  for (const r of results) t[r.status]++;
  return t;
}

export function tallyText(t: Tally): string {
  return `${t.crit} crit, ${t.warn} warn, ${t.unknown} unknown, ${t.ok} ok`;
}

// Stable sort by severity; `worstFirst` for lists read top-down, otherwise worst last (next to a totals line).
export function bySeverity<T extends Pick<Result, 'status'>>(results: readonly T[], worstFirst: boolean): T[] {
  const sign = worstFirst ? -1 : 1;
  return results
    .map((r, i) => ({ r, i }))
    .sort((a, b) => sign * (severity(a.r.status) - severity(b.r.status)) || a.i - b.i)
    .map(({ r }) => r);
}

// Reporters are line-based: a summary or hint never spans lines.
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
