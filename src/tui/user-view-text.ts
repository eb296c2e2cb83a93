// The user view's words: its title, who the user is, the verdict, one row per hop and the status line. Pure;
// the report reaching here is already redacted (user-wiring.ts).
import { formatDuration } from '../core/time-text.js';
import type { OxUserClass } from '../user/ad-entry.js';
import type { UserHop, UserReport } from '../user/report.js';
import type { Line } from './detail-lines.js';
import { clock, fit, spinnerFrame, STATUS_LABEL } from './format.js';
import type { UserViewState } from './user-view-state.js';

const CLASS_TEXT: Readonly<Record<OxUserClass, string>> = {
  'full-ox-user': 'full OX user',
  'infostore-only': 'infostore-only user',
  'not-ox-user': 'not an OX user',
};

// Said wherever the dashboard sends: it never asks for a password, so only the relay's path is taken.
export const NO_PASSWORD_NOTE = 'no password here: the relay path only, not the sent copy';

export function userTitle(s: UserViewState, tick: number): string {
  const run = s.running;
  if (run) {
    const what = run.send ? 'sending a marked test message and following it' : 'checking';
    return `user ${run.query} · ${spinnerFrame(tick)} ${what}`;
  }
  const r = s.report;
  if (!r) return s.query === undefined ? 'user · which login or address?' : `user ${s.query}`;
  const problems = r.verdict.length === 0 ? 'no problem' : `${r.verdict.length} problem${plural(r.verdict.length)}`;
  const at = clock(Date.parse(r.startedAt));
  const took = formatDuration(r.durationMs);
  return `user ${r.query} · ${STATUS_LABEL[r.status]} · ${problems} · ${hopsText(r.hops.length)} · ${at}, took ${took}`;
}

// "test1001 · full OX user · test1001@example.com t.one@example.com · disabled".
export function identityText(r: UserReport): string {
  const id = r.identity;
  if (id.kind === 'not-found') return id.summary;
  if (id.kind === 'ambiguous') {
    const names = id.candidates.map((c) => c.sAMAccountName ?? c.mail ?? c.dn);
    return `'${id.query}' matches ${names.length} AD entries: ${names.join(', ')} (u with one of them)`;
  }
  const account = id.entry.account;
  const flags = [
    account.disabled && 'disabled',
    account.locked && 'locked',
    account.passwordExpired && 'password expired',
    account.mustChangePassword && 'must change password',
    id.exchangeMailbox && 'mailbox in Exchange',
  ].filter((f): f is string => typeof f === 'string');
  const login = r.login ?? id.entry.sAMAccountName ?? id.query;
  return [login, CLASS_TEXT[id.entry.oxClass], r.addresses.join(' ') || 'no address', ...flags].join(' · ');
}

// The verdict: one sentence per problem in path order, each with its fix; all OK says so.
export function verdictLines(r: UserReport): Line[] {
  if (r.verdict.length === 0) return [{ text: `verdict: all OK along ${hopsText(r.hops.length)}`, tone: 'ok' }];
  return r.verdict.flatMap((p): Line[] => [
    { text: `${STATUS_LABEL[p.status].padEnd(4)} ${p.sentence}`, tone: p.status },
    ...(p.fix ? [{ text: `     fix: ${p.fix}`, tone: 'label' as const }] : []),
  ]);
}

// The titles' column: as wide as the longest title, up to a third of the screen (28 columns on 80).
export function hopTitleWidth(hops: readonly UserHop[], columns: number): number {
  return Math.min(Math.max(28, Math.floor(columns / 3)), Math.max(8, ...hops.map((h) => h.title.length)));
}

// "CRIT  relay: Exchange -> OX      no map answers for ..." without the cursor's column.
export function hopRowText(hop: UserHop, titleWidth: number, columns: number): { status: string; rest: string } {
  const rest = `${fit(hop.title, titleWidth).padEnd(titleWidth)}  ${hop.summary}`;
  return { status: STATUS_LABEL[hop.status].padEnd(4), rest: fit(rest, Math.max(0, columns - 7)) };
}

export type StatusTone = 'warn' | 'crit' | 'dim' | 'plain';

// The line above the footer: the last key's message, the send question, the run's progress or its failure.
export function userStatusText(s: UserViewState): { text: string; tone: StatusTone } {
  if (s.message) return { text: s.message, tone: 'warn' };
  if (s.confirmSend !== undefined) return { text: `send a marked test message to ${s.confirmSend}? y/n`, tone: 'warn' };
  if (s.running) return { text: s.running.progress ?? 'starting...', tone: 'dim' };
  if (s.failed) return { text: `oxdoctor user failed: ${s.failed} (r tries again)`, tone: 'crit' };
  if (s.report?.send) return { text: `send: ${s.report.send.summary}`, tone: 'plain' };
  return { text: '', tone: 'dim' };
}

// The footer while `s` waits for its answer.
export function confirmFooterText(): string {
  return `y send  n cancel  (${NO_PASSWORD_NOTE})`;
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}

export function hopsText(n: number): string {
  return `${n} hop${plural(n)}`;
}
