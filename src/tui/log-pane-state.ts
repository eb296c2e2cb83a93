// The log pane's state: a ring of the newest lines of the merged live stream, the `/` filter, pause, the
// cursor and the trace opened from a line. Immutable; a batch of lines of any size is one new state.
import type { LogLine } from '../logs/types.js';
import { matcherFor } from './filter.js';

export const LOG_RING_CAPACITY = 2000;
export const SIDEWAYS_STEP = 20; // columns per left/right

export interface TraceView {
  readonly title: string; // "queue id 4F2A1B3C9D (relay)"
  readonly running: boolean;
  readonly progress?: string; // what the collector does now
  readonly lines: readonly string[]; // the rendered trace, or why it failed
  readonly scroll: number;
  readonly failed?: boolean;
}

export interface LogPaneState {
  readonly capacity: number;
  readonly lines: readonly LogLine[]; // the newest `capacity` lines, oldest first
  readonly received: number; // lines that reached the pane since it started
  // Paused: the lines on screen stay as they were; `missed` counts those that came meanwhile.
  readonly paused?: { readonly lines: readonly LogLine[]; readonly missed: number };
  readonly filter: string;
  readonly input?: { readonly text: string; readonly before: string }; // typing after `/`
  readonly cursor: number; // the selected line, counted back from the newest shown (0: the newest)
  readonly column: number; // characters scrolled off to the left (left/right), in the stream and the trace
  readonly trace?: TraceView;
  readonly message?: string;
}

export function initialLogPane(capacity = LOG_RING_CAPACITY): LogPaneState {
  return { capacity, lines: [], received: 0, filter: '', cursor: 0, column: 0 };
}

// One batch from the stream: one new state, whatever its size. dropped: lines of the batch the caller already
// left out because the ring could not hold them anyway (they still count as received).
export function addLines(state: LogPaneState, batch: readonly LogLine[], dropped = 0): LogPaneState {
  const count = batch.length + dropped;
  if (count === 0) return state;
  const kept =
    batch.length >= state.capacity ? batch.slice(-state.capacity) : [...state.lines, ...batch].slice(-state.capacity);
  const paused = state.paused && { ...state.paused, missed: state.paused.missed + count };
  return { ...state, lines: kept, received: state.received + count, ...(paused ? { paused } : {}) };
}

// The lines the pane shows, oldest first: the live ring (or the paused copy) through the filter.
export function shownLines(state: LogPaneState): readonly LogLine[] {
  const lines = state.paused?.lines ?? state.lines;
  if (state.filter === '') return lines;
  const match = matcherFor(state.filter);
  return lines.filter((l) => match(l.raw) || match(l.host) || match(l.source));
}

// The index in `shown` of the selected line (-1: nothing shown).
export function selectedLineIndex(state: LogPaneState, shownCount: number): number {
  if (shownCount === 0) return -1;
  return Math.max(0, shownCount - 1 - Math.min(state.cursor, shownCount - 1));
}
