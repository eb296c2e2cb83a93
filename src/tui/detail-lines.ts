// The detail view's text: summary, hint, timing, last change, steps, metrics and evidence, wrapped to
// the screen's width so the view can scroll it line by line. Evidence arrives already redacted.
import type { Metric } from '../core/result.js';
import type { Status } from '../core/status.js';
import type { LogLine } from '../logs/types.js';
import type { StoreEntry } from '../runner/store.js';
import { age, clock, STATUS_LABEL, wrap } from './format.js';
import { logLineText } from './log-line-text.js';

export type Tone = 'heading' | 'label' | 'dim' | 'plain' | Status;

export interface Line {
  readonly text: string;
  readonly tone: Tone;
}

export interface StatusChange {
  readonly from?: Status; // undefined: first result seen
  readonly to: Status;
  readonly at: number; // epoch ms
}

// The lines of the host's live log stream that the check's rule picks (check-log-lines.ts), newest last.
export interface CheckLogLines {
  readonly about: string;
  readonly lines: readonly LogLine[];
}

export function detailLines(
  entry: StoreEntry,
  change: StatusChange | undefined,
  width: number,
  now: number,
  logs?: CheckLogLines,
): Line[] {
  const lines: Line[] = [];
  const add = (text: string, tone: Tone = 'plain', indent = ''): void => {
    for (const l of wrap(text, width - indent.length)) lines.push({ text: `${indent}${l}`, tone });
  };
  const result = entry.result ?? entry.previous;
  if (!result) {
    add(entry.state === 'running' ? 'running now; no result yet' : 'waiting to run; no result yet', 'dim');
    if (logs) addLogLines(logs, add);
    return lines;
  }
  if (!entry.result) add(`re-running; showing the previous result`, 'dim');
  add(result.summary, result.status);
  if (result.hint) add(`hint: ${result.hint}`, 'label');
  lines.push({ text: '', tone: 'plain' });
  const timing = `ran ${clock(Date.parse(result.startedAt))}, took ${result.durationMs} ms${result.timedOut ? ', TIMED OUT' : ''}`;
  add(timing, 'dim');
  if (change) {
    const what = change.from
      ? `${STATUS_LABEL[change.from]} -> ${STATUS_LABEL[change.to]}`
      : `first seen ${STATUS_LABEL[change.to]}`;
    add(`last change: ${what} at ${clock(change.at)} (${age(now - change.at)} ago)`, 'dim');
  }
  if (result.steps.length > 0) {
    add('steps', 'heading');
    for (const s of result.steps) add(`${STATUS_LABEL[s.status].padEnd(4)} ${s.name}: ${s.summary}`, s.status, '  ');
  }
  if (result.metrics.length > 0) {
    add('metrics', 'heading');
    for (const m of result.metrics) add(metricText(m), 'plain', '  ');
  }
  add('evidence', 'heading');
  if (result.evidence.length === 0) add('(none recorded)', 'dim', '  ');
  for (const e of result.evidence) {
    add(e.label, 'label', '  ');
    add(e.text === '' ? '(empty)' : e.text, e.text === '' ? 'dim' : 'plain', '    ');
  }
  if (logs) addLogLines(logs, add);
  return lines;
}

function addLogLines(logs: CheckLogLines, add: (text: string, tone?: Tone, indent?: string) => void): void {
  add(`recent log lines: ${logs.about}`, 'heading');
  if (logs.lines.length === 0) add('(none since the dashboard started; l shows every line)', 'dim', '  ');
  for (const l of logs.lines)
    add(logLineText(l), l.level === 'error' ? 'crit' : l.level === 'warn' ? 'warn' : 'plain', '  ');
}

export function metricText(m: Metric): string {
  const bounds = [m.warn !== undefined && `warn ${m.warn}`, m.crit !== undefined && `crit ${m.crit}`]
    .filter(Boolean)
    .join(', ');
  return `${m.label} = ${m.value}${m.unit ?? ''}${bounds ? `  (${bounds})` : ''}`;
}
