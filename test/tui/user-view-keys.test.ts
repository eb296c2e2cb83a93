// The user view's reducer without rendering: the prompt, hops and their evidence, the send question, re-runs.
import { describe, expect, it } from 'vitest';
import { MAX_QUERY_LENGTH, userViewKey, type UserViewEffect } from '../../src/tui/user-view-keys.js';
import {
  INITIAL_USER_VIEW,
  openPrompt,
  runDone,
  runFailed,
  runProgress,
  runStarted,
  selectedHop,
  sendTarget,
  type UserViewState,
} from '../../src/tui/user-view-state.js';
import type { UserReport } from '../../src/user/report.js';
import { ENTRY, okReport, REPORT } from './user-report-fixture.js';

const CTX = { page: 10, evidenceLength: 25 };

// Presses keys in order; returns the last state and every effect on the way.
function press(state: UserViewState, ...names: string[]): { state: UserViewState; effects: UserViewEffect[] } {
  const effects: UserViewEffect[] = [];
  let s = state;
  for (const n of names) {
    const step = userViewKey(s, n, CTX);
    s = step.state;
    if (step.effect) effects.push(step.effect);
  }
  return { state: s, effects };
}

const shown = (): UserViewState => runDone(runStarted(INITIAL_USER_VIEW, 'test1001', false), REPORT);

describe('the prompt', () => {
  it('takes typed characters and backspace, and runs the trimmed text on enter', () => {
    const { state, effects } = press(openPrompt(INITIAL_USER_VIEW), 't', 'e', 's', 'x', 'backspace', 't', '1', 'space');
    expect(state.input?.text).toBe('test1 ');
    const run = press(state, 'enter');
    expect(run.effects).toEqual([{ kind: 'run', query: 'test1', send: false }]);
    expect(run.state.input).toBeUndefined();
    expect(run.state.running).toEqual({ query: 'test1', send: false });
    expect(effects).toEqual([]);
  });

  it('refuses an empty query with a message, and esc on a first prompt closes the view', () => {
    const empty = press(openPrompt(INITIAL_USER_VIEW), 'space', 'enter');
    expect(empty.effects).toEqual([]);
    expect(empty.state.message).toMatch(/type a login or an address/);
    expect(press(empty.state, 'esc').effects).toEqual([{ kind: 'close' }]);
  });

  it('esc over a report goes back to the report, which is kept', () => {
    const { state, effects } = press(openPrompt(shown()), 'x', 'esc');
    expect(effects).toEqual([]);
    expect(state.input).toBeUndefined();
    expect(state.report).toBe(REPORT);
  });

  it('keeps control characters out, takes non-ASCII, and refuses more than the longest address', () => {
    const { state } = press(openPrompt(INITIAL_USER_VIEW), 'a', '\u0000', '\u001b', 'tab', '\u00e9', '\u5f20');
    expect(state.input?.text).toBe('a\u00e9\u5f20');
    const long = press(openPrompt(INITIAL_USER_VIEW), ...'x'.repeat(MAX_QUERY_LENGTH + 5));
    expect(long.state.input?.text).toHaveLength(MAX_QUERY_LENGTH);
    expect(long.state.message).toMatch(/at most 320 characters/);
  });

  it('quits on ctrl+c', () => {
    expect(press(openPrompt(INITIAL_USER_VIEW), 'ctrl+c').effects).toEqual([{ kind: 'quit' }]);
  });
});

describe('hops and evidence', () => {
  it('moves over the hops with j/k/up/down/g/G within bounds', () => {
    expect(selectedHop(press(shown(), 'j', 'down').state)?.id).toBe('delivery@servera');
    expect(selectedHop(press(shown(), 'k').state)?.id).toBe('directory');
    expect(selectedHop(press(shown(), 'G', 'j').state)?.id).toBe('activity');
    expect(selectedHop(press(shown(), 'G', 'up', 'g').state)?.id).toBe('directory');
  });

  it("opens the selected hop's evidence on enter, scrolls it within its length, and esc goes back to the path", () => {
    const open = press(shown(), 'j', 'enter').state;
    expect(open.evidence).toEqual({ hop: 'inbound@relay', scroll: 0 });
    expect(press(open, 'j', 'j').state.evidence?.scroll).toBe(2);
    expect(press(open, 'pgdn', 'pgdn', 'pgdn').state.evidence?.scroll).toBe(15); // 25 lines, 10 a page
    expect(press(open, 'G', 'k').state.evidence?.scroll).toBe(14);
    const back = press(open, 'esc');
    expect(back.effects).toEqual([]);
    expect(back.state.evidence).toBeUndefined();
    expect(selectedHop(back.state)?.id).toBe('inbound@relay');
  });

  it('esc and q on the path close the view; ? asks for help', () => {
    expect(press(shown(), 'esc').effects).toEqual([{ kind: 'close' }]);
    expect(press(shown(), 'q').effects).toEqual([{ kind: 'close' }]);
    expect(press(shown(), '?').effects).toEqual([{ kind: 'help' }]);
    expect(press(shown(), 'ctrl+c').effects).toEqual([{ kind: 'quit' }]);
  });

  it('keeps the open hop across a re-run of the same user and drops it for another user', () => {
    const open = press(shown(), 'j', 'enter').state;
    const rerun = press(open, 'r');
    expect(rerun.effects).toEqual([{ kind: 'run', query: 'test1001', send: false }]);
    expect(rerun.state.report).toBe(REPORT); // shown until the new one comes
    expect(runDone(rerun.state, REPORT).evidence?.hop).toBe('inbound@relay');
    const other = press(open, 'u', ...'test1002', 'enter');
    expect(other.effects).toEqual([{ kind: 'run', query: 'test1002', send: false }]);
    expect(other.state.report).toBeUndefined();
    expect(other.state.evidence).toBeUndefined();
    expect(runDone(other.state, okReport('test1002')).selected).toBe(0);
  });
});

describe('s: send with a confirmation', () => {
  it('asks about the primary address; y runs with send, anything else sends nothing', () => {
    const asked = press(shown(), 's').state;
    expect(asked.confirmSend).toBe('test1001@example.com');
    const yes = press(asked, 'y');
    expect(yes.effects).toEqual([{ kind: 'run', query: 'test1001', send: true }]);
    expect(yes.state.running).toEqual({ query: 'test1001', send: true });
    for (const key of ['n', 'esc', 'enter', 's']) {
      const no = press(asked, key);
      expect(no.effects, key).toEqual([]);
      expect(no.state.confirmSend).toBeUndefined();
      expect(no.state.message).toBe('nothing sent to test1001@example.com');
    }
  });

  it("sends to AD's primary SMTP: address as --send does, not mail in the OX mail domain", () => {
    const entry = { ...ENTRY, mail: 'test1001@oxmail.example.com' };
    const report: UserReport = {
      ...REPORT,
      identity: { kind: 'found', query: 'test1001', entry, exchangeMailbox: false, forwardingContacts: [] },
      addresses: ['test1001@oxmail.example.com', 'test1001@example.com'],
    };
    expect(sendTarget(report)).toBe('test1001@example.com');
    const noProxy = { ...entry, proxyAddresses: [] };
    expect(sendTarget({ ...report, identity: { ...report.identity, entry: noProxy } as UserReport['identity'] })).toBe(
      'test1001@oxmail.example.com',
    );
  });

  it('refuses without a found user, and while a run goes', () => {
    const notFound = runDone(runStarted(INITIAL_USER_VIEW, 'nobody', false), {
      ...REPORT,
      query: 'nobody',
      identity: { kind: 'not-found', query: 'nobody', summary: "AD has no user 'nobody'" },
      addresses: [],
      hops: [],
      verdict: [],
    });
    expect(press(notFound, 's').state.message).toMatch(/no user found to send to/);
    const running = press(shown(), 'r').state;
    expect(press(running, 's').state.message).toMatch(/being checked/);
  });

  it('lets a send finish: no other run starts meanwhile', () => {
    const sending = press(shown(), 's', 'y').state;
    const again = press(sending, 'r');
    expect(again.effects).toEqual([]);
    expect(again.state.message).toMatch(/test message is being sent/);
    expect(press(sending, 'u', 'x', 'enter').effects).toEqual([]);
  });
});

describe('the run', () => {
  it('shows progress while running, and a failure with the last report kept', () => {
    let s = press(shown(), 'r').state;
    s = runProgress(s, '12 of 30 checks done');
    expect(s.running?.progress).toBe('12 of 30 checks done');
    s = runFailed(s, 'AD cannot be reached');
    expect(s.running).toBeUndefined();
    expect(s.failed).toBe('AD cannot be reached');
    expect(s.report).toBe(REPORT);
    expect(runProgress(s, 'late')).toBe(s); // no run: nothing to show
  });
});
