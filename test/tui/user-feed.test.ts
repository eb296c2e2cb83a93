// The user view's model: runs asked for before the dashboard's session is ready wait for it, a new run aborts the
// one going and its late report is dropped, and stop ends what runs.
import { describe, expect, it } from 'vitest';
import { UserFeed, type RunUserView } from '../../src/tui/user-feed.js';
import type { UserReport } from '../../src/user/report.js';
import { okReport, REPORT } from './user-report-fixture.js';

const CTX = { page: 10, evidenceLength: 0 };

interface Pending {
  readonly query: string;
  readonly signal: AbortSignal;
  finish(r: UserReport): void;
}

function recorder(): { run: RunUserView; calls: Pending[] } {
  const calls: Pending[] = [];
  const run: RunUserView = (query, { signal }) =>
    new Promise((resolve) => calls.push({ query, signal, finish: resolve }));
  return { run, calls };
}

const tick = () => new Promise((r) => setTimeout(r, 5));
const type = (feed: UserFeed, text: string) => {
  feed.open();
  for (const ch of text) feed.key(ch, CTX);
  return feed.key('enter', CTX);
};

describe('UserFeed', () => {
  it('holds a run asked for before the session is ready and starts it on attach', async () => {
    const feed = new UserFeed({ frameMs: 1 });
    expect(type(feed, 'test1001')).toEqual({ kind: 'run', query: 'test1001', send: false });
    expect(feed.getSnapshot().running?.progress).toBe('waiting for the hosts to connect');
    const { run, calls } = recorder();
    feed.attach(run);
    await tick();
    expect(calls.map((c) => c.query)).toEqual(['test1001']);
    calls[0]!.finish(REPORT);
    await tick();
    expect(feed.getSnapshot().report).toBe(REPORT);
    expect(feed.getSnapshot().running).toBeUndefined();
    await feed.stop();
  });

  it("aborts the run going when another user is asked for, and drops the first one's late report", async () => {
    const feed = new UserFeed({ frameMs: 1 });
    const { run, calls } = recorder();
    feed.attach(run);
    type(feed, 'test1001');
    await tick();
    type(feed, 'test1002');
    await tick();
    expect(calls.map((c) => [c.query, c.signal.aborted])).toEqual([
      ['test1001', true],
      ['test1002', false],
    ]);
    calls[1]!.finish(okReport('test1002'));
    calls[0]!.finish(REPORT);
    await tick();
    expect(feed.getSnapshot().report?.query).toBe('test1002');
    await feed.stop();
  });

  it('stop aborts the run going and settles', async () => {
    const feed = new UserFeed({ frameMs: 1 });
    const calls: AbortSignal[] = [];
    feed.attach((_q, { signal }) => {
      calls.push(signal);
      return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    });
    type(feed, 'test1001');
    await tick();
    await feed.stop();
    expect(calls[0]!.aborted).toBe(true);
  });

  it('passes close, help and quit back to the dashboard', () => {
    const feed = new UserFeed();
    feed.open();
    expect(feed.key('esc', CTX)).toEqual({ kind: 'close' });
    expect(feed.key('?', CTX)).toEqual({ kind: 'help' });
    expect(feed.key('ctrl+c', CTX)).toEqual({ kind: 'quit' });
  });
});
