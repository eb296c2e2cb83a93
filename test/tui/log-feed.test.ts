// The log pane's model: lines at any rate become at most one snapshot per frame, the detail views' lines are
// kept per check@host, and `t` runs the trace it was given.
import { afterEach, describe, expect, it } from 'vitest';
import { LogFeed, type RunTrace } from '../../src/tui/log-feed.js';
import { offsetsText, statusText } from '../../src/tui/LogPane.js';
import { corpusLogLines, logLine, numberedLines } from './log-lines.js';

let feed: LogFeed | undefined;
afterEach(async () => {
  await feed?.stop();
  feed = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, predicate: () => boolean, timeoutMs = 2000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

describe('frames', () => {
  it('turns 10,000 lines pushed at once into one snapshot', async () => {
    feed = new LogFeed({ frameMs: 100, capacity: 2000 });
    let frames = 0;
    feed.subscribe(() => frames++);
    const lines = numberedLines(10_000);
    for (let i = 0; i < lines.length; i += 10) feed.push(lines.slice(i, i + 10));
    await until('the frame', () => feed!.getSnapshot().pane.received === 10_000);
    await sleep(150);
    expect(frames).toBe(1);
    const pane = feed.getSnapshot().pane;
    expect(pane.lines).toHaveLength(2000);
    expect(pane.lines[1999]).toBe(lines[9999]);
  });

  it('draws at most about 10 frames a second while lines arrive every 2 ms for a second', async () => {
    feed = new LogFeed({ frameMs: 100 });
    let frames = 0;
    feed.subscribe(() => frames++);
    const started = Date.now();
    let n = 0;
    while (Date.now() - started < 1000) {
      feed.push(numberedLines(5, 'relay', n));
      n += 5;
      await sleep(2);
    }
    await until('the last lines', () => feed!.getSnapshot().pane.received === n);
    expect(n).toBeGreaterThan(500);
    expect(frames).toBeLessThanOrEqual(12); // 10 a second, plus the leading and trailing edge
    expect(frames).toBeGreaterThanOrEqual(5);
  });

  it('applies keys at once, without waiting for a frame', () => {
    feed = new LogFeed({ frameMs: 10_000 });
    let frames = 0;
    feed.subscribe(() => frames++);
    expect(feed.key('space', 10)).toBeUndefined();
    expect(feed.getSnapshot().pane.paused).toBeDefined();
    expect(frames).toBe(1);
    expect(feed.key('esc', 10)).toEqual({ kind: 'close' });
  });
});

describe("the detail views' lines", () => {
  it("keeps the last 5 lines each check's rule picks, per host", async () => {
    feed = new LogFeed({ frameMs: 10 });
    const badlogins = corpusLogLines('cyrus/fail2ban_cyrus-imap.log', 'badlogin:', 'servera');
    const many = [...badlogins, ...badlogins, ...badlogins];
    feed.push([...numberedLines(50), ...many]);
    feed.push(corpusLogLines('cyrus/fail2ban_cyrus-imap.log', 'badlogin:', 'serverb').slice(0, 1));
    await until('the frame', () => feed!.getSnapshot().recent.size > 0);
    const recent = feed.getSnapshot().recent;
    expect(recent.get('mailbox/imap-login@servera')).toEqual(many.slice(-5));
    expect(recent.get('mailbox/imap-login@serverb')).toHaveLength(1);
    expect(recent.get('mailbox/imap-login@relay')).toBeUndefined();
    expect([...recent.keys()].sort()).toEqual(['mailbox/imap-login@servera', 'mailbox/imap-login@serverb']);
  });
});

describe('t', () => {
  const queued = logLine('Dec  7 01:00:00 relay postfix/qmgr[9]: 4F2A1B3C9D: from=<a@example.com>, size=1, nrcpt=1');

  it('runs the trace of the selected line and shows its text, with progress while it runs', async () => {
    feed = new LogFeed({ frameMs: 10 });
    const asked: unknown[] = [];
    const runTrace: RunTrace = async (query, { onProgress }) => {
      asked.push(query);
      onProgress('searching relay');
      await sleep(50);
      return 'HOST  TIME  STEP\nrelay 01:00:00 qmgr';
    };
    await feed.attach(['relay'], async () => ({ stop: async () => undefined }), runTrace);
    feed.push([queued]);
    await until('the line', () => feed!.getSnapshot().pane.received === 1);
    expect(feed.key('t', 10)?.kind).toBe('trace');
    expect(asked).toEqual([{ queueId: '4F2A1B3C9D', host: 'relay', time: queued.time }]);
    await until('progress', () => feed!.getSnapshot().pane.trace?.progress === 'searching relay');
    await until('the result', () => feed!.getSnapshot().pane.trace?.running === false);
    expect(feed.getSnapshot().pane.trace?.lines).toEqual(['HOST  TIME  STEP', 'relay 01:00:00 qmgr']);
  });

  it('cancels a running trace on esc and ignores what it answers afterwards', async () => {
    feed = new LogFeed({ frameMs: 10 });
    let aborted = false;
    const runTrace: RunTrace = (_query, { signal }) =>
      new Promise((resolve) => {
        signal.addEventListener('abort', () => {
          aborted = true;
          resolve('too late');
        });
      });
    await feed.attach(['relay'], async () => ({ stop: async () => undefined }), runTrace);
    feed.push([queued]);
    await until('the line', () => feed!.getSnapshot().pane.received === 1);
    feed.key('t', 10);
    expect(feed.key('esc', 10)).toEqual({ kind: 'cancel-trace' });
    expect(aborted).toBe(true);
    await sleep(30);
    expect(feed.getSnapshot().pane.trace).toBeUndefined();
  });

  it('says so when the dashboard has no trace to run', async () => {
    feed = new LogFeed({ frameMs: 10 });
    feed.push([queued]);
    await until('the line', () => feed!.getSnapshot().pane.received === 1);
    feed.key('t', 10);
    expect(feed.getSnapshot().pane.trace).toMatchObject({ running: false, failed: true });
  });
});

describe('the stream', () => {
  it('shows a stream that failed to start, and stops the one it started', async () => {
    feed = new LogFeed({ frameMs: 10 });
    await feed.attach(['relay'], () => Promise.reject(new Error('no sources on relay')));
    expect(feed.getSnapshot()).toMatchObject({ stream: 'failed', problem: expect.stringMatching(/no sources/) });
    const other = new LogFeed({ frameMs: 10 });
    let stopped = 0;
    await other.attach(['relay'], async (_onBatch, onError) => {
      onError('relay', new Error('connection dropped'));
      return { stop: async () => void stopped++ };
    });
    expect(other.getSnapshot()).toMatchObject({ stream: 'live', problem: 'relay: connection dropped' });
    expect(statusText(other.getSnapshot())).toBe('relay: connection dropped');
    await other.stop();
    expect(stopped).toBe(1);
  });
});

describe('clock offsets', () => {
  it("keeps each host's offset as the stream measures it and names the ones of half a second or more", async () => {
    feed = new LogFeed({ frameMs: 10 });
    await feed.attach(['relay', 'servera', 'serverb'], async (_onBatch, _onError, onOffset) => {
      onOffset('relay', 18);
      onOffset('servera', 600_012);
      onOffset('serverb', -1500);
      return { stop: async () => undefined };
    });
    const snapshot = feed.getSnapshot();
    expect([...snapshot.offsets]).toEqual([
      ['relay', 18],
      ['servera', 600_012],
      ['serverb', -1500],
    ]);
    expect(statusText(snapshot)).toBe('clock offsets taken off the times: servera +600.0 s, serverb -1.5 s');
    expect(offsetsText(new Map([['relay', 18]]))).toBe("host clocks within 0.5 s of this machine's");
    expect(offsetsText(new Map())).toBe('');
  });
});
