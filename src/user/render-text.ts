// `oxdoctor user` as text: the verdict first (one sentence per problem, in path order, each with its fix), then the
// path as hops, then (--verbose) each hop's results with their steps and evidence.
import type { Result } from '../core/result.js';
import { nagiosLabel, statusSymbol } from '../core/status.js';
import { formatDuration } from '../core/time-text.js';
import { dim, paint } from '../reporters/ansi.js';
import { oneLine } from '../reporters/tally.js';
import type { UserHop, UserReport } from './report.js';
import type { SendReport } from './send/types.js';

export interface UserTextOptions {
  readonly color?: boolean;
  readonly verbose?: boolean;
}

const INDENT = '      ';

export function renderUserText(report: UserReport, options: UserTextOptions = {}): string {
  const color = options.color ?? false;
  const lines = [headline(report, color), ''];
  if (report.verdict.length > 0) {
    lines.push(`${report.verdict.length === 1 ? 'Problem' : 'Problems'}, in the order mail and logins travel:`);
    report.verdict.forEach((p, i) => {
      lines.push(
        `${String(i + 1).padStart(2)}. ${paint(p.status, statusSymbol(p.status), color)} ${oneLine(p.sentence)}`,
      );
      if (p.fix) lines.push(`    fix: ${oneLine(p.fix)}`);
    });
    lines.push('');
  }
  if (report.hops.length > 0) {
    lines.push('The path:');
    const width = Math.max(...report.hops.map((h) => h.title.length));
    for (const hop of report.hops) {
      lines.push(
        `${paint(hop.status, statusSymbol(hop.status).padEnd(4), color)}  ${hop.title.padEnd(width)}  ${oneLine(hop.summary)}`,
      );
      if (options.verbose) lines.push(...hopDetails(hop, color));
    }
  }
  if (report.send) lines.push('', ...sendLines(report.send, color));
  if (!options.verbose && report.hops.length > 0)
    lines.push('', dim("(--verbose: each hop's checks, steps and evidence)", color));
  return `${lines.join('\n')}\n`;
}

function headline(report: UserReport, color: boolean): string {
  const label = paint(report.status, nagiosLabel(report.status), color);
  const who = report.login ? `${report.login} <${report.addresses.join(', ')}>` : report.query;
  const problems =
    report.verdict.length === 0
      ? 'no problem'
      : `${report.verdict.length} problem${report.verdict.length === 1 ? '' : 's'}`;
  return `${label}: ${who}: ${problems} - ${report.hops.reduce((n, h) => n + h.results.length, 0)} checks in ${formatDuration(report.durationMs)}`;
}

function hopDetails(hop: UserHop, color: boolean): string[] {
  return hop.results.flatMap((r) => resultDetails(r, color));
}

function resultDetails(r: Result, color: boolean): string[] {
  const out = [
    `${INDENT}${paint(r.status, statusSymbol(r.status), color)} ${r.check}@${r.host}: ${oneLine(r.summary)}`,
  ];
  if (r.status !== 'ok' && r.hint) out.push(`${INDENT}  hint: ${oneLine(r.hint)}`);
  for (const s of r.steps)
    out.push(dim(`${INDENT}  step ${s.name}: ${statusSymbol(s.status)} ${oneLine(s.summary)}`, color));
  for (const e of r.evidence) {
    out.push(dim(`${INDENT}  ${oneLine(e.label)}`, color));
    for (const line of e.text.split('\n')) out.push(dim(`${INDENT}    ${line}`.trimEnd(), color));
  }
  return out;
}

function sendLines(send: SendReport, color: boolean): string[] {
  const out = [`Test messages: ${paint(send.status, statusSymbol(send.status), color)} ${oneLine(send.summary)}`];
  for (const m of send.messages) {
    out.push(`  ${m.via === 'relay' ? 'to the relay as Exchange' : 'as the user on server A'}: ${m.messageId}`);
    for (const c of m.copies) {
      const took = c.seconds === undefined ? '' : ` after ${c.seconds.toFixed(1)} s`;
      const where = c.stoppedAt ? `stopped: ${oneLine(c.stoppedAt)}` : `arrived${took}`;
      out.push(`    ${paint(c.status, statusSymbol(c.status).padEnd(4), color)} ${c.where}: ${where}`);
      for (const h of c.hops) out.push(dim(`         ${h.at}  ${h.host}  ${oneLine(h.step)}`, color));
    }
  }
  out.push(send.kept ? '  kept in the mailboxes (--keep)' : `  ${send.deleted} test message copies deleted afterwards`);
  return out;
}
