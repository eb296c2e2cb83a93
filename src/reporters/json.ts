// One JSON document, version 1: the shape scripts rely on. Absent values are null, never missing.
// {"version":1, "tool":"oxdoctor", "toolVersion", "site", "generatedAt" (ISO), "status" (ok|warn|crit|unknown),
//  "exitCode" (0-3), "results":[{"check", "host", "status", "summary", "hint", "evidence":[{"label","text"}],
//  "metrics":[{"label","value","unit","warn","crit","min","max"}], "steps":[{"name","status","summary","hint"}],
//  "durationMs", "timedOut", "startedAt"}]}
// A change that removes or renames a field needs version 2.
import type { Metric, Result, Step } from '../core/result.js';
import { overall } from '../core/result.js';
import { exitCode } from '../core/status.js';
import type { RenderOptions, Report } from './types.js';

export const JSON_VERSION = 1;

export function renderJson(report: Report, options: RenderOptions = {}): string {
  const status = overall(report.results);
  const shown = options.onlyProblems ? report.results.filter((r) => r.status !== 'ok') : report.results;
  const doc = {
    version: JSON_VERSION,
    tool: 'oxdoctor',
    toolVersion: report.toolVersion,
    site: report.site,
    generatedAt: report.generatedAt,
    status,
    exitCode: exitCode(status),
    results: shown.map(resultJson),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function resultJson(r: Result) {
  return {
    check: r.check,
    host: r.host,
    status: r.status,
    summary: r.summary,
    hint: r.hint ?? null,
    evidence: r.evidence.map((e) => ({ label: e.label, text: e.text })),
    metrics: r.metrics.map(metricJson),
    steps: r.steps.map(stepJson),
    durationMs: r.durationMs,
    timedOut: r.timedOut,
    startedAt: r.startedAt,
  };
}

function metricJson(m: Metric) {
  return {
    label: m.label,
    value: Number.isFinite(m.value) ? m.value : null,
    unit: m.unit ?? null,
    warn: m.warn ?? null,
    crit: m.crit ?? null,
    min: m.min ?? null,
    max: m.max ?? null,
  };
}

function stepJson(s: Step) {
  return { name: s.name, status: s.status, summary: s.summary, hint: s.hint ?? null };
}
