// The dashboard's view state and how keys change it: a reducer, tested without rendering.
// It never runs anything: re-runs and quitting come back as effects for the caller to carry out.
import { groupOf } from '../core/check.js';
import { commandFor } from './keys.js';
import { NO_FILTERS, type Row, type RowFilters } from './rows.js';

export type Mode = 'overview' | 'detail' | 'help' | 'logs' | 'user';

export interface ViewState {
  readonly mode: Mode;
  readonly back: Mode; // where `?` returns to
  readonly logsFrom?: 'overview' | 'detail'; // where leaving the log pane returns to
  readonly userFrom?: 'overview' | 'detail'; // where leaving the user view returns to
  readonly input?: { readonly kind: 'filter' | 'command'; readonly text: string; readonly before: RowFilters };
  readonly selected?: string; // check@host: selection is by identity, so it survives refreshes
  readonly filters: RowFilters;
  readonly detailScroll: number;
  readonly message?: string;
}

export type Effect =
  | { readonly kind: 'quit' }
  | { readonly kind: 'rerun'; readonly keys: readonly string[] }
  | { readonly kind: 'rerun-all' }
  | { readonly kind: 'logs-key'; readonly name: string } // the log pane's own reducer takes it (log-pane-keys.ts)
  | { readonly kind: 'user-open' } // `u`: the user view asks for a login or address (user-feed.ts)
  | { readonly kind: 'user-key'; readonly name: string }; // the user view's own reducer takes it (user-view-keys.ts)

export interface KeyContext {
  readonly rows: readonly Row[]; // what the overview shows now, in order
  readonly page: number; // rows (or detail lines) per screen
  readonly detailLength: number; // lines of the open detail view
  readonly hosts: readonly string[];
  readonly checks: readonly string[];
}

export interface Step {
  readonly state: ViewState;
  readonly effect?: Effect;
}

export const INITIAL: ViewState = { mode: 'overview', back: 'overview', filters: NO_FILTERS, detailScroll: 0 };

// The row the cursor is on: the selected one while it is shown, else the first.
export function selectedIndex(rows: readonly Row[], selected: string | undefined): number {
  if (rows.length === 0) return -1;
  const i = selected === undefined ? -1 : rows.findIndex((r) => r.key === selected);
  return i === -1 ? 0 : i;
}

export function handleKey(state: ViewState, name: string, ctx: KeyContext): Step {
  if (state.mode === 'logs') return { state, effect: { kind: 'logs-key', name } };
  if (state.mode === 'user') return { state, effect: { kind: 'user-key', name } };
  if (state.input) return editInput(state, state.input, name, ctx);
  const command = commandFor(name);
  const s: ViewState = state.message === undefined ? state : { ...state, message: undefined };
  if (!command) return { state: s };
  if (command === 'quit') return { state: s, effect: { kind: 'quit' } };
  if (command === 'help')
    return { state: s.mode === 'help' ? { ...s, mode: s.back } : { ...s, mode: 'help', back: s.mode } };
  if (s.mode === 'help') return command === 'back' ? { state: { ...s, mode: s.back } } : { state: s };
  if (command === 'logs' && (s.mode === 'overview' || s.mode === 'detail'))
    return { state: { ...s, mode: 'logs', logsFrom: s.mode } };
  if (command === 'user' && (s.mode === 'overview' || s.mode === 'detail'))
    return { state: { ...s, mode: 'user', userFrom: s.mode }, effect: { kind: 'user-open' } };
  const current = ctx.rows[selectedIndex(ctx.rows, s.selected)];
  switch (command) {
    case 'rerun':
      return current ? { state: s, effect: { kind: 'rerun', keys: [current.key] } } : { state: s };
    case 'rerun-all':
      return { state: s, effect: { kind: 'rerun-all' } };
    default:
      return { state: s.mode === 'detail' ? detailKey(s, command, ctx) : overviewKey(s, command, ctx) };
  }
}

function overviewKey(s: ViewState, command: string, ctx: KeyContext): ViewState {
  const i = selectedIndex(ctx.rows, s.selected);
  const move = (to: number): ViewState => {
    const row = ctx.rows[Math.max(0, Math.min(ctx.rows.length - 1, to))];
    return row ? { ...s, selected: row.key } : s;
  };
  switch (command) {
    case 'down':
      return move(i + 1);
    case 'up':
      return move(i - 1);
    case 'page-down':
      return move(i + ctx.page);
    case 'page-up':
      return move(i - ctx.page);
    case 'top':
      return move(0);
    case 'bottom':
      return move(ctx.rows.length - 1);
    case 'open': {
      const row = ctx.rows[i];
      return row ? { ...s, selected: row.key, mode: 'detail', detailScroll: 0 } : s;
    }
    case 'back':
      return { ...s, filters: NO_FILTERS };
    case 'filter':
      return { ...s, input: { kind: 'filter', text: s.filters.text, before: s.filters } };
    case 'command':
      return { ...s, input: { kind: 'command', text: '', before: s.filters } };
    case 'problems':
      return { ...s, filters: { ...s.filters, problemsOnly: !s.filters.problemsOnly } };
    default:
      return s;
  }
}

function detailKey(s: ViewState, command: string, ctx: KeyContext): ViewState {
  const last = Math.max(0, ctx.detailLength - ctx.page);
  const scroll = (to: number): ViewState => ({ ...s, detailScroll: Math.max(0, Math.min(last, to)) });
  switch (command) {
    case 'down':
      return scroll(s.detailScroll + 1);
    case 'up':
      return scroll(s.detailScroll - 1);
    case 'page-down':
      return scroll(s.detailScroll + ctx.page);
    case 'page-up':
      return scroll(s.detailScroll - ctx.page);
    case 'top':
      return scroll(0);
    case 'bottom':
      return scroll(last);
    case 'back':
      return { ...s, mode: 'overview', detailScroll: 0 };
    default:
      return s;
  }
}

// Typing into the `/` filter (applied as typed) or the `:` command line (applied on enter).
function editInput(s: ViewState, input: NonNullable<ViewState['input']>, name: string, ctx: KeyContext): Step {
  const set = (text: string): ViewState => ({
    ...s,
    input: { ...input, text },
    filters: input.kind === 'filter' ? { ...s.filters, text } : s.filters,
  });
  if (name === 'esc') return { state: { ...s, input: undefined, filters: input.before } };
  if (name === 'backspace') return { state: set(input.text.slice(0, -1)) };
  if (name === 'ctrl+c') return { state: s, effect: { kind: 'quit' } };
  if (name === 'enter') {
    const done: ViewState = { ...s, input: undefined };
    return input.kind === 'filter' ? { state: done } : runCommand(done, input.text, ctx);
  }
  if (name === 'space') return { state: set(`${input.text} `) };
  if (name.length === 1) return { state: set(input.text + name) };
  return { state: s };
}

// `:host NAME`, `:check ID|GROUP` (bare `:host`/`:check` clear theirs), `:all` clears every filter, `:q` quits.
function runCommand(s: ViewState, line: string, ctx: KeyContext): Step {
  const [verb = '', ...args] = line.trim().split(/\s+/);
  const arg = args.join(' ');
  const say = (message: string): Step => ({ state: { ...s, message } });
  switch (verb) {
    case '':
      return { state: s };
    case 'q':
    case 'quit':
      return { state: s, effect: { kind: 'quit' } };
    case 'all':
      return { state: { ...s, filters: NO_FILTERS } };
    case 'host': {
      if (arg === '') return { state: { ...s, filters: without(s.filters, 'host') } };
      if (!ctx.hosts.includes(arg)) return say(`unknown host '${arg}'; hosts are ${ctx.hosts.join(', ')}`);
      return { state: { ...s, mode: 'overview', filters: { ...s.filters, host: arg } } };
    }
    case 'check': {
      if (arg === '') return { state: { ...s, filters: without(s.filters, 'check') } };
      const groups = [...new Set(ctx.checks.map(groupOf))];
      if (!ctx.checks.includes(arg) && !groups.includes(arg)) {
        return say(`unknown check or group '${arg}'; groups are ${groups.join(', ')}`);
      }
      return { state: { ...s, mode: 'overview', filters: { ...s.filters, check: arg } } };
    }
    default:
      return say(`unknown command ':${verb}'; try :host NAME, :check ID, :all or :q`);
  }
}

// The log pane said back (esc or q): to the view `l` was pressed in.
export function closeLogs(s: ViewState): ViewState {
  return { ...s, mode: s.logsFrom ?? 'overview' };
}

// The log pane asked for help: `?` and esc there come back to the pane.
export function logsHelp(s: ViewState): ViewState {
  return { ...s, mode: 'help', back: 'logs' };
}

// The user view said back (esc or q): to the view `u` was pressed in.
export function closeUser(s: ViewState): ViewState {
  return { ...s, mode: s.userFrom ?? 'overview' };
}

// The user view asked for help: `?` and esc there come back to the view.
export function userHelp(s: ViewState): ViewState {
  return { ...s, mode: 'help', back: 'user' };
}

function without(f: RowFilters, key: 'host' | 'check'): RowFilters {
  const { [key]: _dropped, ...rest } = f;
  return rest;
}
