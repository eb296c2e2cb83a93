// Keys in the user view: a reducer, tested without rendering. `u` prompts for a login or address, enter runs
// it; up/down pick a hop, enter opens its evidence; `s` asks before it sends; `r` runs again. Running, leaving,
// help and quitting come back as effects for the caller (the run has already started in the returned state).
import { commandFor, type Command } from './keys.js';
import { openPrompt, runStarted, sendTarget, type UserViewState } from './user-view-state.js';

export type UserViewEffect =
  | { readonly kind: 'run'; readonly query: string; readonly send: boolean }
  | { readonly kind: 'close' } // back to where `u` was pressed
  | { readonly kind: 'help' }
  | { readonly kind: 'quit' };

export interface UserViewStep {
  readonly state: UserViewState;
  readonly effect?: UserViewEffect;
}

export interface UserKeyContext {
  readonly page: number; // lines of a hop's evidence on screen
  readonly evidenceLength: number; // lines of the open hop's evidence
}

// Longer than any login or address (RFC 5321: 254); the rest of a paste is refused, not cut silently.
export const MAX_QUERY_LENGTH = 320;
const CONTROL = /[\u0000-\u001f\u007f]/;

export function userViewKey(state: UserViewState, name: string, ctx: UserKeyContext): UserViewStep {
  if (state.input) return editPrompt(state, state.input, name);
  if (state.confirmSend !== undefined) return confirmKey(state, state.confirmSend, name);
  const s: UserViewState = state.message === undefined ? state : { ...state, message: undefined };
  const command = commandFor(name, 'user');
  switch (command) {
    case 'quit':
      return { state: s, effect: { kind: 'quit' } };
    case 'help':
      return { state: s, effect: { kind: 'help' } };
    case 'user':
      return { state: openPrompt(s) };
    case 'rerun':
      return s.query === undefined ? { state: openPrompt(s) } : run(s, s.query, false);
    case 'send':
      return askSend(s);
    default:
      return s.evidence ? { state: evidenceKey(s, s.evidence, command, ctx) } : pathKey(s, command);
  }
}

function pathKey(s: UserViewState, command: Command | undefined): UserViewStep {
  const hops = s.report?.hops ?? [];
  const move = (to: number): UserViewStep => ({
    state: { ...s, selected: Math.max(0, Math.min(hops.length - 1, to)) },
  });
  switch (command) {
    case 'down':
      return move(s.selected + 1);
    case 'up':
      return move(s.selected - 1);
    case 'top':
      return move(0);
    case 'bottom':
      return move(hops.length - 1);
    case 'open': {
      const hop = hops[s.selected];
      return hop ? { state: { ...s, evidence: { hop: hop.id, scroll: 0 } } } : { state: s };
    }
    case 'back':
      return { state: s, effect: { kind: 'close' } };
    default:
      return { state: s };
  }
}

function evidenceKey(
  s: UserViewState,
  evidence: NonNullable<UserViewState['evidence']>,
  command: Command | undefined,
  ctx: UserKeyContext,
): UserViewState {
  const last = Math.max(0, ctx.evidenceLength - ctx.page);
  const scroll = (to: number): UserViewState => ({
    ...s,
    evidence: { ...evidence, scroll: Math.max(0, Math.min(last, to)) },
  });
  switch (command) {
    case 'down':
      return scroll(evidence.scroll + 1);
    case 'up':
      return scroll(evidence.scroll - 1);
    case 'page-down':
      return scroll(evidence.scroll + ctx.page);
    case 'page-up':
      return scroll(evidence.scroll - ctx.page);
    case 'top':
      return scroll(0);
    case 'bottom':
      return scroll(last);
    case 'back':
      return { ...s, evidence: undefined };
    default:
      return s;
  }
}

// Typing the login or address: enter runs it, esc goes back to what the view showed (or leaves an empty view).
function editPrompt(s: UserViewState, input: NonNullable<UserViewState['input']>, name: string): UserViewStep {
  const set = (text: string): UserViewStep => {
    if (text.length > MAX_QUERY_LENGTH)
      return { state: { ...s, message: `a login or address has at most ${MAX_QUERY_LENGTH} characters` } };
    return { state: { ...s, input: { text }, message: undefined } };
  };
  if (name === 'ctrl+c') return { state: s, effect: { kind: 'quit' } };
  if (name === 'esc') {
    const back: UserViewState = { ...s, input: undefined, message: undefined };
    const empty = s.query === undefined && s.running === undefined;
    return empty ? { state: back, effect: { kind: 'close' } } : { state: back };
  }
  if (name === 'backspace') return set(input.text.slice(0, -1));
  if (name === 'space') return set(`${input.text} `);
  if (name === 'enter') {
    const query = input.text.trim();
    if (query === '') return { state: { ...s, message: 'type a login or an address (esc cancels)' } };
    return run({ ...s, input: undefined }, query, false);
  }
  // One printable character; control characters never reach a query.
  if ([...name].length === 1 && !CONTROL.test(name)) return set(input.text + name);
  return { state: s };
}

function askSend(s: UserViewState): UserViewStep {
  if (s.running) return { state: { ...s, message: 'the user is being checked; s is possible once it is done' } };
  const to = sendTarget(s.report);
  if (to === undefined) return { state: { ...s, message: 'no user found to send to: u asks for one' } };
  return { state: { ...s, confirmSend: to } };
}

// After `s`: y sends; anything else sends nothing.
function confirmKey(s: UserViewState, to: string, name: string): UserViewStep {
  const asked: UserViewState = { ...s, confirmSend: undefined };
  if (name === 'ctrl+c') return { state: asked, effect: { kind: 'quit' } };
  if (name === 'y' || name === 'Y') return run(asked, s.report?.query ?? s.query ?? to, true);
  return { state: { ...asked, message: `nothing sent to ${to}` } };
}

// A run replaces the one going, except a send: it deletes its test messages at its end, so it is let finish.
function run(s: UserViewState, query: string, send: boolean): UserViewStep {
  if (s.running?.send)
    return { state: { ...s, message: 'a test message is being sent and followed; wait until it is done' } };
  return { state: runStarted(s, query, send), effect: { kind: 'run', query, send } };
}
