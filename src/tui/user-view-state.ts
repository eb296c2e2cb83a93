// The user view's state (`u`: oxdoctor user in the dashboard): the prompt being typed, the run and its progress,
// the report, the hop the cursor is on, a hop's evidence and the send confirmation. Immutable; keys change it in
// user-view-keys.ts, the run's events through the functions here.
import type { UserHop, UserReport } from '../user/report.js';

export interface UserRun {
  readonly query: string;
  readonly send: boolean;
  readonly progress?: string; // what the sweep does now
}

export interface UserViewState {
  readonly input?: { readonly text: string }; // typing a login or address after `u`
  readonly query?: string; // the user of the report (or of the run)
  readonly running?: UserRun;
  readonly report?: UserReport; // the last report (kept while a re-run goes)
  readonly failed?: string; // why the last run ended without a report
  readonly selected: number; // the hop the cursor is on
  readonly evidence?: { readonly hop: string; readonly scroll: number }; // enter on a hop: its results in full
  readonly confirmSend?: string; // `s` asked: the address the test message would go to
  readonly message?: string;
}

export const INITIAL_USER_VIEW: UserViewState = { selected: 0 };

// `u`: an empty prompt over whatever the view showed (esc on it goes back there).
export function openPrompt(s: UserViewState): UserViewState {
  return { ...s, input: { text: '' }, evidence: undefined, confirmSend: undefined, message: undefined };
}

export function runStarted(s: UserViewState, query: string, send: boolean): UserViewState {
  const sameUser = s.query === query;
  return {
    ...s,
    query,
    running: { query, send },
    failed: undefined,
    confirmSend: undefined,
    message: undefined,
    // Another user: the old report goes; the same user: it stays on screen until the new one comes.
    ...(sameUser ? {} : { report: undefined, selected: 0, evidence: undefined }),
  };
}

export function runProgress(s: UserViewState, progress: string): UserViewState {
  return s.running ? { ...s, running: { ...s.running, progress } } : s;
}

export function runDone(s: UserViewState, report: UserReport): UserViewState {
  const { running: _done, ...rest } = s;
  const selected = Math.max(0, Math.min(s.selected, report.hops.length - 1));
  const evidence = s.evidence && report.hops.some((h) => h.id === s.evidence?.hop) ? s.evidence : undefined;
  return { ...rest, report, selected, evidence, failed: undefined };
}

export function runFailed(s: UserViewState, error: string): UserViewState {
  const { running: _done, ...rest } = s;
  return { ...rest, failed: error };
}

export function selectedHop(s: UserViewState): UserHop | undefined {
  return s.report?.hops[s.selected];
}

export function openHop(s: UserViewState): UserHop | undefined {
  return s.evidence ? s.report?.hops.find((h) => h.id === s.evidence?.hop) : undefined;
}

// Where `s` sends the test message, as --send picks it (src/user/send's publicAddress): AD's primary SMTP: proxy
// address (Exchange's reply address), else mail, else the first address.
export function sendTarget(report: UserReport | undefined): string | undefined {
  if (!report || report.identity.kind !== 'found') return undefined;
  const primary = report.identity.entry.proxyAddresses.find((p) => p.startsWith('SMTP:'))?.slice(5);
  return primary?.toLowerCase() ?? report.identity.entry.mail?.toLowerCase() ?? report.addresses[0] ?? report.login;
}
