// node_exporter textfile format (https://prometheus.io/docs/instrumenting/exposition_formats/):
// a family is HELP, TYPE, then its samples; label values escape \ " and newline; no timestamps.
import type { Metric, Result } from '../core/result.js';
import { overall } from '../core/result.js';
import { exitCode } from '../core/status.js';
import type { Report } from './types.js';

interface Family {
  readonly name: string;
  readonly help: string;
  readonly samples: string[];
}

export function renderPrometheus(report: Report): string {
  const families = new Map<string, Family>();
  const family = (name: string, help: string): Family => {
    let f = families.get(name);
    if (!f) families.set(name, (f = { name, help, samples: [] }));
    return f;
  };
  const status = family('oxdoctor_check_status', 'Check status: 0 ok, 1 warn, 2 crit, 3 unknown.');
  const duration = family('oxdoctor_check_duration_seconds', 'How long the check ran.');
  const timedOut = family('oxdoctor_check_timed_out', '1 when the check got no answer before its deadline.');
  for (const r of report.results) {
    const labels = labelSet(r);
    status.samples.push(`${status.name}${labels} ${exitCode(r.status)}`);
    duration.samples.push(`${duration.name}${labels} ${value(r.durationMs / 1000)}`);
    timedOut.samples.push(`${timedOut.name}${labels} ${r.timedOut ? 1 : 0}`);
  }
  for (const r of report.results) addMetrics(r, family);
  const sweepStatus = family('oxdoctor_sweep_status', 'Worst status of the sweep: 0 ok, 1 warn, 2 crit, 3 unknown.');
  sweepStatus.samples.push(`${sweepStatus.name} ${exitCode(overall(report.results))}`);
  const generated = family(
    'oxdoctor_sweep_timestamp_seconds',
    'When the sweep was reported, in seconds since the epoch.',
  );
  generated.samples.push(`${generated.name} ${value(Date.parse(report.generatedAt) / 1000)}`);

  const out: string[] = [];
  for (const f of families.values()) {
    if (f.samples.length === 0) continue;
    out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} gauge`, ...f.samples);
  }
  return `${out.join('\n')}\n`;
}

function addMetrics(r: Result, family: (name: string, help: string) => Family): void {
  const used = new Set<string>();
  for (const m of r.metrics) {
    const { suffix, factor } = unitOf(m);
    let name = metricName(m.label, suffix);
    // Two labels of one check that sanitise alike must not become one series twice.
    for (let n = 2; used.has(name); n++) name = `${metricName(m.label, '')}_${n}${suffix}`;
    used.add(name);
    const f = family(name, `Metric "${m.label}" reported by oxdoctor checks${suffix ? ` (${suffix.slice(1)})` : ''}.`);
    f.samples.push(`${name}${labelSet(r)} ${value(m.value * factor)}`);
  }
}

// Prometheus wants base units: seconds and bytes. B/KB/MB/GB are powers of 1024, as df -k reports them.
function unitOf(m: Metric): { suffix: string; factor: number } {
  switch (m.unit) {
    case 's':
      return { suffix: '_seconds', factor: 1 };
    case 'ms':
      return { suffix: '_seconds', factor: 1 / 1000 };
    case 'B':
      return { suffix: '_bytes', factor: 1 };
    case 'KB':
      return { suffix: '_bytes', factor: 1024 };
    case 'MB':
      return { suffix: '_bytes', factor: 1024 ** 2 };
    case 'GB':
      return { suffix: '_bytes', factor: 1024 ** 3 };
    case '%':
      return { suffix: '_percent', factor: 1 };
    default:
      return { suffix: '', factor: 1 };
  }
}

// "clock.offsetSeconds" -> oxdoctor_metric_clock_offset_seconds
export function metricName(label: string, suffix: string): string {
  const snake = label
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
  const base = `oxdoctor_metric_${snake || 'value'}`;
  return suffix && !base.endsWith(suffix) ? `${base}${suffix}` : base;
}

function labelSet(r: Result): string {
  return `{check="${escapeLabelValue(r.check)}",host="${escapeLabelValue(r.host)}"}`;
}

export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function value(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}
