// The header's two lines as toned pieces of text: the Ink header and the plain first frame (drawn before
// Ink has loaded) both print these, so the screen does not change when Ink takes over.
import type { Status } from '../core/status.js';
import type { DashboardState } from './dashboard-model.js';
import { age, fit, spinnerFrame, STATUS_LABEL } from './format.js';
import type { Tone } from './detail-lines.js';

export interface Piece {
  readonly text: string;
  readonly tone: Tone | 'accent';
}

const ORDER: readonly Status[] = ['crit', 'unknown', 'warn', 'ok'];

export function sweepText(state: DashboardState, now: number, tick: number): string {
  if (!state.ready) return `${state.activity ?? 'starting'} ${spinnerFrame(tick)}`;
  const s = state.store.sweep;
  const parts: string[] = [];
  if (s.running) parts.push(`sweep #${s.number} running ${s.done}/${s.planned} ${spinnerFrame(tick)}`);
  else if (s.finishedAt !== undefined) parts.push(`sweep #${s.number} ${age(now - s.finishedAt)} ago`);
  if (state.queued > 0) parts.push(`${state.queued} queued`);
  if (state.nextRefreshAt !== undefined) parts.push(`next in ${age(state.nextRefreshAt - now)}`);
  return parts.join(' · ');
}

// Line 1: "oxdoctor  SITE" and, on the right, the sweep; line 2: the totals by status and the scope.
export function headerLines(state: DashboardState, now: number, tick: number, columns: number): [Piece[], Piece[]] {
  const counts: Record<Status, number> = { ok: 0, warn: 0, crit: 0, unknown: 0 };
  for (const e of state.store.entries) {
    const s = (e.result ?? e.previous)?.status;
    if (s) counts[s]++;
  }
  const title = `oxdoctor  ${state.site}`;
  const sweep = sweepText(state, now, tick);
  const gap = Math.max(2, columns - title.length - sweep.length);
  const scope = `${state.store.entries.length} checks on ${state.hosts.length} hosts`;
  return [
    [
      { text: fit(title, columns), tone: 'accent' },
      { text: fit(`${' '.repeat(gap)}${sweep}`, Math.max(0, columns - title.length)), tone: 'plain' },
    ],
    [
      ...ORDER.flatMap((s): Piece[] => [
        { text: `${STATUS_LABEL[s]} ${counts[s]}`, tone: counts[s] > 0 ? s : 'dim' },
        { text: '  ', tone: 'plain' },
      ]),
      { text: fit(scope, Math.max(0, columns - 40)), tone: 'dim' },
    ],
  ];
}
