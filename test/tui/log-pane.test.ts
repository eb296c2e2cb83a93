// The log pane's reducer without rendering: batches, pause, the filter, the cursor's bounds and `t`.
import { describe, expect, it } from 'vitest';
import { logPaneKey, traceQueryOf } from '../../src/tui/log-pane-keys.js';
import {
  addLines,
  initialLogPane,
  selectedLineIndex,
  shownLines,
  type LogPaneState,
} from '../../src/tui/log-pane-state.js';
import { corpusLogLines, logLine, numberedLines } from './log-lines.js';

const PAGE = 10;
const press = (state: LogPaneState, ...names: string[]): LogPaneState =>
  names.reduce((s, n) => logPaneKey(s, n, PAGE).state, state);
const selected = (s: LogPaneState) => {
  const shown = shownLines(s);
  return shown[selectedLineIndex(s, shown.length)];
};

describe('batches', () => {
  it('takes 1,000 lines in one action as one new state, the newest kept when the ring is full', () => {
    const before = initialLogPane(500);
    const batch = numberedLines(1000);
    const after = addLines(before, batch);
    expect(after).not.toBe(before);
    expect(before.lines).toHaveLength(0); // the old state is untouched
    expect(after.received).toBe(1000);
    expect(after.lines).toHaveLength(500);
    expect(after.lines[0]).toBe(batch[500]);
    expect(after.lines[499]).toBe(batch[999]);
    const more = addLines(after, numberedLines(10, 'servera', 1000));
    expect(more.lines).toHaveLength(500);
    expect(more.lines[499]!.host).toBe('servera');
    expect(more.received).toBe(1010);
  });

  it('counts lines the feed dropped before the ring as received', () => {
    const s = addLines(initialLogPane(100), numberedLines(100), 900);
    expect(s.received).toBe(1000);
    expect(s.lines).toHaveLength(100);
  });

  it('leaves the state as it was for an empty batch', () => {
    const s = initialLogPane();
    expect(addLines(s, [])).toBe(s);
  });
});

describe('pause', () => {
  it('keeps the lines on screen and counts the new ones while paused; space resumes at the newest', () => {
    let s = addLines(initialLogPane(), numberedLines(20));
    s = press(s, 'space');
    expect(s.paused?.missed).toBe(0);
    s = addLines(s, numberedLines(300, 'serverb', 20));
    s = addLines(s, numberedLines(45, 'serverb', 320));
    expect(s.paused?.missed).toBe(345);
    expect(shownLines(s)).toHaveLength(20);
    expect(shownLines(s).every((l) => l.host === 'relay')).toBe(true);
    expect(s.received).toBe(365); // the ring went on filling
    s = press(s, 'space');
    expect(s.paused).toBeUndefined();
    expect(shownLines(s)).toHaveLength(365);
    expect(selected(s)?.raw).toContain('client364[');
  });

  it('pauses when the cursor leaves the newest line, so the line being read stays under it', () => {
    let s = addLines(initialLogPane(), numberedLines(50));
    s = press(s, 'up', 'up');
    expect(s.paused).toBeDefined();
    expect(selected(s)?.raw).toContain('client47[');
    s = addLines(s, numberedLines(5, 'relay', 50));
    expect(selected(s)?.raw).toContain('client47[');
    s = press(s, 'G');
    expect(s.paused).toBeUndefined();
    expect(selected(s)?.raw).toContain('client54[');
  });
});

describe('scrolling', () => {
  it('keeps the cursor within the lines shown, whatever the keys', () => {
    let s = addLines(initialLogPane(), numberedLines(25));
    s = press(s, 'pgup', 'pgup', 'pgup', 'pgup');
    expect(s.cursor).toBe(24);
    expect(selected(s)?.raw).toContain('client0[');
    s = press(s, 'up');
    expect(s.cursor).toBe(24);
    s = press(s, 'pgdn', 'pgdn', 'pgdn', 'down', 'down');
    expect(s.cursor).toBe(0);
    s = press(s, 'g');
    expect(selected(s)?.raw).toContain('client0[');
    s = press(s, 'end');
    expect(s.cursor).toBe(0);
    expect(s.paused).toBeUndefined();
  });

  it('has nothing selected and moves nowhere while no line has come', () => {
    const s = press(initialLogPane(), 'up', 'pgup', 'down');
    expect(s.cursor).toBe(0);
    expect(selected(s)).toBeUndefined();
  });
});

describe('the / filter', () => {
  const lines = [
    ...corpusLogLines('cyrus/fail2ban_cyrus-imap.log', 'badlogin', 'servera'),
    ...numberedLines(30),
    ...corpusLogLines('maillog/github_issue_excerpts_postfix_amavis_clamd_sasl.txt', ':10024'),
  ];

  it('narrows as typed (plain text, or a regexp when the text is one), enter keeps it, esc restores it', () => {
    let s = addLines(initialLogPane(), lines);
    s = press(s, '/', 'b', 'a', 'd', 'l');
    expect(s.input?.text).toBe('badl');
    expect(shownLines(s).length).toBeGreaterThan(0);
    expect(shownLines(s).every((l) => l.raw.includes('badlogin'))).toBe(true);
    s = press(s, 'enter');
    expect(s.input).toBeUndefined();
    expect(s.filter).toBe('badl');
    s = press(s, '/', 'backspace', 'backspace', 'backspace', 'backspace', ...'100(24|25)'.split(''));
    expect(shownLines(s).map((l) => l.raw)).toEqual(lines.filter((l) => /100(24|25)/.test(l.raw)).map((l) => l.raw));
    s = press(s, 'esc');
    expect(s.filter).toBe('badl');
    s = press(s, '/', ...'servera'.split(''), 'enter'); // the host too, not only the text
    expect(s.filter).toBe('badlservera');
    expect(shownLines(s)).toHaveLength(0);
  });

  it('takes text that is no valid regexp as plain text', () => {
    const s = press(addLines(initialLogPane(), lines), '/', ...'[127.0.0.1'.split(''));
    expect(shownLines(s).length).toBeGreaterThan(0);
    expect(shownLines(s).every((l) => l.raw.includes('[127.0.0.1'))).toBe(true);
  });

  it('takes q, t and space as text while typing, not as keys', () => {
    const s = press(addLines(initialLogPane(), lines), '/', 'q', 'space', 't');
    expect(s.input?.text).toBe('q t');
  });
});

describe('t on the selected line', () => {
  const deferred = logLine(
    'Nov 23 11:06:46 mail postfix/smtp[1013]: 3B6EB950: to=<to@example.com>, relay=none, delay=0.14, ' +
      'delays=0.13/0.01/0/0, dsn=4.4.1, status=deferred (connect to 127.0.0.1[127.0.0.1]:10024: Connection refused)',
  );
  const connect = logLine('Nov 23 11:06:46 mail postfix/smtp[1013]: connect to 127.0.0.1[127.0.0.1]:10024: refused');

  it('asks for the trace of the queue id the line names and opens the trace view', () => {
    const s = addLines(initialLogPane(), [connect, deferred]);
    const step = logPaneKey(s, 't', PAGE);
    expect(step.effect).toEqual({ kind: 'trace', query: { queueId: '3B6EB950', host: 'relay', time: deferred.time } });
    expect(step.state.trace).toMatchObject({ running: true, title: 'queue id 3B6EB950 (relay)' });
    const back = logPaneKey(step.state, 'esc', PAGE);
    expect(back.state.trace).toBeUndefined();
    expect(back.effect).toEqual({ kind: 'cancel-trace' });
  });

  it('traces a cyrus delivery by its Message-ID, which is the only id that line has', () => {
    const delivered = logLine(
      'Dec  7 01:00:00 servera lmtpunix[4242]: Delivered: <abc.123@example.com> to mailbox: user.test1001',
      'servera',
    );
    expect(traceQueryOf(delivered)).toEqual({
      messageId: 'abc.123@example.com',
      host: 'servera',
      time: delivered.time,
    });
  });

  it('says why on a line that names no queue id, and asks for nothing', () => {
    const s = press(addLines(initialLogPane(), [deferred, connect]), 't');
    expect(s.trace).toBeUndefined();
    expect(s.message).toMatch(/names no queue id/);
    expect(logPaneKey(s, 't', PAGE).effect).toBeUndefined();
    const up = logPaneKey(press(s, 'up'), 't', PAGE);
    expect(up.effect).toMatchObject({ kind: 'trace', query: { queueId: '3B6EB950' } });
  });

  it('scrolls the trace within its lines; the stream keys do nothing there', () => {
    let s = logPaneKey(addLines(initialLogPane(), [deferred]), 't', PAGE).state;
    s = { ...s, trace: { ...s.trace!, running: false, lines: Array.from({ length: 25 }, (_, i) => `hop ${i}`) } };
    s = press(s, 'pgdn', 'pgdn', 'pgdn');
    expect(s.trace?.scroll).toBe(15);
    s = press(s, 'up', 'g');
    expect(s.trace?.scroll).toBe(0);
    s = press(s, 'G');
    expect(s.trace?.scroll).toBe(15);
    expect(s.paused).toBeUndefined();
    expect(logPaneKey(s, 'q', PAGE).effect).toBeUndefined(); // done: nothing to cancel
    expect(logPaneKey(s, 'q', PAGE).state.trace).toBeUndefined();
  });
});

describe('sideways', () => {
  it('scrolls left and right by 20 columns, never before the first, in the stream and in a trace', () => {
    const line = logLine('Dec  7 01:00:00 relay postfix/qmgr[9]: 4F2A1B3C9D: from=<a@example.com>, size=1, nrcpt=1');
    let s = press(addLines(initialLogPane(), [line]), 'right', 'right', 'left');
    expect(s.column).toBe(20);
    s = press(s, 'h', 'h', 'left');
    expect(s.column).toBe(0);
    s = press(s, 'right', 't');
    expect(s.trace).toBeDefined();
    expect(s.column).toBe(0); // a trace opens at its first column
    s = press(s, 'right');
    expect(s.column).toBe(20);
    expect(press(s, 'esc').column).toBe(0);
  });
});

describe('leaving', () => {
  it('goes back on esc or q, quits on ctrl+c and asks for help on ?', () => {
    const s = initialLogPane();
    expect(logPaneKey(s, 'esc', PAGE).effect).toEqual({ kind: 'close' });
    expect(logPaneKey(s, 'q', PAGE).effect).toEqual({ kind: 'close' });
    expect(logPaneKey(s, 'ctrl+c', PAGE).effect).toEqual({ kind: 'quit' });
    expect(logPaneKey(s, '?', PAGE).effect).toEqual({ kind: 'help' });
  });
});
