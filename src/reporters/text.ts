// One line per result (symbol, check, host, summary), the hint below each problem, a totals line.
// Problems come last, just above the totals, where the eye lands when the command returns.
import type { Result } from '../core/result.js';
import { nagiosLabel, statusSymbol } from '../core/status.js';
import { overall } from '../core/result.js';
import { dim, paint } from './ansi.js';
import { formatDuration } from '../core/time-text.js';
import { bySeverity, oneLine, tally, tallyText } from './tally.js';
import type { RenderOptions, Report } from './types.js';

const INDENT = '      ';

export function renderText(report: Report, options: RenderOptions = {}): string {
  const color = options.color ?? false;
  const shown = bySeverity(
    options.onlyProblems ? report.results.filter((r) => r.status !== 'ok') : report.results,
    false,
  );
  const checkWidth = Math.max(0, ...shown.map((r) => r.check.length));
  const hostWidth = Math.max(0, ...shown.map((r) => r.host.length));
  const lines: string[] = [];
  for (const r of shown) {
    const symbol = paint(r.status, statusSymbol(r.status).padEnd(4), color);
    lines.push(
      `${symbol}  ${r.check.padEnd(checkWidth)}  ${r.host.padEnd(hostWidth)}  ${oneLine(r.summary)}`.trimEnd(),
    );
    if (r.status !== 'ok' && r.hint) lines.push(`${INDENT}hint: ${oneLine(r.hint)}`);
    if (options.verbose && r.status !== 'ok') lines.push(...details(r, color));
  }
  if (lines.length > 0) lines.push('');
  lines.push(totals(report, color));
  return `${lines.join('\n')}\n`;
}

function totals(report: Report, color: boolean): string {
  const { results } = report;
  const status = overall(results);
  const hosts = new Set(results.map((r) => r.host)).size;
  const counted = `${results.length} ${plural(results.length, 'check')} on ${hosts} ${plural(hosts, 'host')}`;
  const took = report.durationMs === undefined ? '' : ` in ${formatDuration(report.durationMs)}`;
  return `${paint(status, nagiosLabel(status), color)}: ${tallyText(tally(results))} - ${counted}${took}`;
}

function details(r: Result, color: boolean): string[] {
  const out: string[] = [];
  for (const step of r.steps) {
    out.push(dim(`${INDENT}step ${step.name}: ${statusSymbol(step.status)} ${oneLine(step.summary)}`, color));
  }
  for (const e of r.evidence) {
    out.push(dim(`${INDENT}${oneLine(e.label)}`, color));
    for (const line of e.text.split('\n')) out.push(dim(`${INDENT}  ${line}`.trimEnd(), color));
  }
  return out;
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
