// Keys in the log pane: a reducer, tested without rendering. Moving the cursor off the newest line pauses the
// stream (the lines being read stay put); `G`/end or space resume it. Leaving, help, quitting and tracing come
// back as effects for the caller.
import type { LogLine } from '../logs/types.js';
import { commandFor } from './keys.js';
import { selectedLineIndex, shownLines, SIDEWAYS_STEP, type LogPaneState, type TraceView } from './log-pane-state.js';

export type LogPaneEffect =
  | { readonly kind: 'close' } // back to where `l` was pressed
  | { readonly kind: 'help' }
  | { readonly kind: 'quit' }
  | { readonly kind: 'trace'; readonly query: LineTraceQuery }
  | { readonly kind: 'cancel-trace' };

// What `t` asks the trace collector for: the selected line's queue id (or its Message-ID), around its time.
export interface LineTraceQuery {
  readonly queueId?: string;
  readonly messageId?: string;
  readonly host: string;
  readonly time?: number;
}

export interface LogPaneStep {
  readonly state: LogPaneState;
  readonly effect?: LogPaneEffect;
}

// page: lines of the pane's body on screen now.
export function logPaneKey(state: LogPaneState, name: string, page: number): LogPaneStep {
  if (state.input) return { state: editFilter(state, state.input, name) };
  const s: LogPaneState = state.message === undefined ? state : { ...state, message: undefined };
  const command = commandFor(name, 'logs');
  if (command === 'quit') return { state: s, effect: { kind: 'quit' } };
  if (command === 'help') return { state: s, effect: { kind: 'help' } };
  if (command === 'left' || command === 'right') {
    const step = command === 'left' ? -SIDEWAYS_STEP : SIDEWAYS_STEP;
    return { state: { ...s, column: Math.max(0, s.column + step) } };
  }
  if (s.trace) return traceKey(s, s.trace, command, page);
  switch (command) {
    case 'back':
      return { state: s, effect: { kind: 'close' } };
    case 'filter':
      return { state: { ...s, input: { text: s.filter, before: s.filter } } };
    case 'pause':
      return { state: s.paused ? resume(s) : pause(s, s.cursor) };
    case 'trace':
      return traceSelected(s);
    case 'down':
      return { state: moveTo(s, s.cursor - 1) };
    case 'up':
      return { state: moveTo(s, s.cursor + 1) };
    case 'page-down':
      return { state: moveTo(s, s.cursor - page) };
    case 'page-up':
      return { state: moveTo(s, s.cursor + page) };
    case 'top':
      return { state: moveTo(s, Number.MAX_SAFE_INTEGER) };
    case 'bottom':
      return { state: resume(s) };
    default:
      return { state: s };
  }
}

function pause(s: LogPaneState, cursor: number): LogPaneState {
  return { ...s, paused: { lines: s.lines, missed: 0 }, cursor };
}

function resume(s: LogPaneState): LogPaneState {
  const { paused: _dropped, ...rest } = s;
  return { ...rest, cursor: 0 };
}

// The cursor within the shown lines; leaving the newest line while live pauses first, so it stays on its line.
function moveTo(s: LogPaneState, to: number): LogPaneState {
  const frozen = s.paused ? s : to > 0 ? pause(s, s.cursor) : s;
  const count = shownLines(frozen).length;
  const cursor = Math.max(0, Math.min(Math.max(0, count - 1), to));
  return { ...frozen, cursor };
}

// Typing after `/`: applied as typed (the cursor back on the newest match); enter keeps it, esc restores.
function editFilter(s: LogPaneState, input: NonNullable<LogPaneState['input']>, name: string): LogPaneState {
  const set = (text: string): LogPaneState => ({ ...s, input: { ...input, text }, filter: text, cursor: 0 });
  if (name === 'esc') return { ...s, input: undefined, filter: input.before, cursor: 0 };
  if (name === 'enter') return { ...s, input: undefined };
  if (name === 'backspace') return set(input.text.slice(0, -1));
  if (name === 'space') return set(`${input.text} `);
  if (name.length === 1) return set(input.text + name);
  return s;
}

function traceSelected(s: LogPaneState): LogPaneStep {
  const shown = shownLines(s);
  const line = shown[selectedLineIndex(s, shown.length)];
  const query = line && traceQueryOf(line);
  if (!query) {
    const message = line
      ? 'this line names no queue id or Message-ID; t traces lines that do (move with up/down)'
      : 'no line to trace yet';
    return { state: { ...s, message } };
  }
  const title = `${query.queueId ? `queue id ${query.queueId}` : `Message-ID <${query.messageId}>`} (${line.host})`;
  const trace: TraceView = { title, running: true, lines: [], scroll: 0 };
  return { state: { ...s, trace, column: 0 }, effect: { kind: 'trace', query } };
}

export function traceQueryOf(line: LogLine): LineTraceQuery | undefined {
  const at = { host: line.host, ...(line.time !== undefined ? { time: line.time } : {}) };
  if (line.queueId) return { queueId: line.queueId, ...at };
  const messageId = line.fields['message-id'];
  return messageId ? { messageId, ...at } : undefined;
}

function traceKey(s: LogPaneState, trace: TraceView, command: string | undefined, page: number): LogPaneStep {
  const last = Math.max(0, trace.lines.length - page);
  const scroll = (to: number): LogPaneStep => ({
    state: { ...s, trace: { ...trace, scroll: Math.max(0, Math.min(last, to)) } },
  });
  switch (command) {
    case 'back': {
      const { trace: _closed, ...rest } = s;
      return { state: { ...rest, column: 0 }, ...(trace.running ? { effect: { kind: 'cancel-trace' } } : {}) };
    }
    case 'down':
      return scroll(trace.scroll + 1);
    case 'up':
      return scroll(trace.scroll - 1);
    case 'page-down':
    case 'pause':
      return scroll(trace.scroll + page);
    case 'page-up':
      return scroll(trace.scroll - page);
    case 'top':
      return scroll(0);
    case 'bottom':
      return scroll(last);
    default:
      return { state: s };
  }
}
