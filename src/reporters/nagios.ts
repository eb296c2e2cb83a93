// A monitoring-plugins status line with perfdata, then one line per problem, worst first.
import { overall } from '../core/result.js';
import { nagiosLabel } from '../core/status.js';
import { perfItem } from './perfdata.js';
import { bySeverity, oneLine, tally } from './tally.js';
import type { Report } from './types.js';

export function renderNagios(report: Report): string {
  const status = overall(report.results);
  const t = tally(report.results);
  const head = `OXDOCTOR ${nagiosLabel(status)} - ${t.crit} crit, ${t.warn} warn, ${t.unknown} unknown, ${t.ok} ok`;
  const perf = perfdata(report);
  const lines = [perf.length > 0 ? `${head} | ${perf.join(' ')}` : head];
  for (const r of bySeverity(report.results, true)) {
    if (r.status === 'ok') continue;
    const hint = r.hint ? ` (hint: ${text(r.hint)})` : '';
    lines.push(`${nagiosLabel(r.status)} ${r.check}@${r.host}: ${text(r.summary)}${hint}`);
  }
  return `${lines.join('\n')}\n`;
}

// Labels are host/check/label, made unique when a check reports the same label twice.
function perfdata(report: Report): string[] {
  const seen = new Set<string>();
  const items: string[] = [];
  for (const r of report.results) {
    for (const m of r.metrics) {
      const base = `${r.host}/${r.check}/${m.label}`;
      let label = base;
      for (let n = 2; seen.has(label); n++) label = `${base}_${n}`;
      seen.add(label);
      items.push(perfItem(label, m));
    }
  }
  return items;
}

// Plugin output is parsed by '|': it must not appear in the text part.
function text(s: string): string {
  return oneLine(s).replace(/\|/g, '/');
}
