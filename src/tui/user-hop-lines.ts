// A hop's evidence (enter on a hop in the user view): each of its results, problems first, as the detail view
// shows a check (summary, hint, steps, metrics, what it ran and read), and on the send hop each test message copy
// by copy with the time of each hop. Wrapped to the screen's width so the view scrolls it; already redacted.
import type { Result } from '../core/result.js';
import { severity } from '../core/status.js';
import { formatDuration } from '../core/time-text.js';
import type { UserHop, UserReport } from '../user/report.js';
import type { SendReport } from '../user/send/types.js';
import { metricText, type Line, type Tone } from './detail-lines.js';
import { clock, STATUS_LABEL, wrap } from './format.js';

type Add = (text: string, tone?: Tone, indent?: string) => void;

export function hopLines(hop: UserHop, report: UserReport, width: number): Line[] {
  const lines: Line[] = [];
  const add: Add = (text, tone = 'plain', indent = '') => {
    for (const l of wrap(text, width - indent.length)) lines.push({ text: `${indent}${l}`, tone });
  };
  add(hop.summary, hop.status);
  if (hop.stage === 'send' && report.send) sendLines(report.send, add);
  if (hop.results.length === 0 && !(hop.stage === 'send' && report.send)) add('(no result on this hop)', 'dim');
  // Problems first (worst first, in path order within a status): a hop can hold a dozen checks.
  const ordered = [...hop.results].sort((a, b) => severity(b.status) - severity(a.status));
  for (const r of ordered) {
    lines.push({ text: '', tone: 'plain' });
    resultLines(r, add);
  }
  return lines;
}

function resultLines(r: Result, add: Add): void {
  add(`${STATUS_LABEL[r.status]} ${r.check} @ ${r.host}`, 'heading');
  add(r.summary, r.status, '  ');
  if (r.hint) add(`hint: ${r.hint}`, 'label', '  ');
  add(`ran ${clock(Date.parse(r.startedAt))}, took ${r.durationMs} ms${r.timedOut ? ', TIMED OUT' : ''}`, 'dim', '  ');
  if (r.steps.length > 0) {
    add('steps', 'heading', '  ');
    for (const s of r.steps) {
      add(`${STATUS_LABEL[s.status].padEnd(4)} ${s.name}: ${s.summary}`, s.status, '    ');
      if (s.hint && s.status !== 'ok') add(`hint: ${s.hint}`, 'label', '         ');
    }
  }
  if (r.metrics.length > 0) {
    add('metrics', 'heading', '  ');
    for (const m of r.metrics) add(metricText(m), 'plain', '    ');
  }
  add('evidence', 'heading', '  ');
  if (r.evidence.length === 0) add('(none recorded)', 'dim', '    ');
  for (const e of r.evidence) {
    add(e.label, 'label', '    ');
    add(e.text === '' ? '(empty)' : e.text, e.text === '' ? 'dim' : 'plain', '      ');
  }
}

function sendLines(send: SendReport, add: Add): void {
  const cleanup = send.kept ? 'test messages kept' : `${send.deleted} test messages deleted`;
  add(`${send.summary} (took ${formatDuration(send.durationMs)}; ${cleanup})`, send.status);
  for (const m of send.messages) {
    const via = m.via === 'relay' ? "to the relay's port 25 as Exchange would" : "as the user on server A's port 25";
    const queue = m.queueId ? `, queue id ${m.queueId}` : '';
    add(`message <${m.messageId}> ${via}, submitted ${clock(Date.parse(m.submitted))}${queue}`, 'heading', '  ');
    for (const c of m.copies) {
      const took = c.seconds !== undefined ? ` in ${c.seconds} s` : '';
      const stopped = c.stoppedAt ? `: stopped at ${c.stoppedAt}` : '';
      add(`${STATUS_LABEL[c.status].padEnd(4)} ${c.name}: ${c.where}${took}${stopped}`, c.status, '    ');
      for (const h of c.hops) add(`${clock(Date.parse(h.at))} ${h.host}  ${h.step}`, 'plain', '         ');
    }
  }
}
