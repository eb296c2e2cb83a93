// The user view in the dashboard (ink-testing-library over a real Runner and model; the user feed's run gives
// fixture reports as runUser makes them): `u` asks, enter runs, the verdict on top and the hops as a column,
// enter on a hop for its evidence, `s` asks before it sends and says the dashboard takes the relay path only.
import { afterEach, describe, expect, it } from 'vitest';
import type { UserReport } from '../../src/user/report.js';
import { UserFeed, type RunUserView } from '../../src/tui/user-feed.js';
import { host, KEY, startHarness, type Harness } from './dashboard-harness.js';
import { hop, HOPS, okReport, REPORT, result, SENT_REPORT } from './user-report-fixture.js';

interface Call {
  readonly query: string;
  readonly send: boolean;
  readonly signal: AbortSignal;
  progress(text: string): void;
  finish(report: UserReport): void;
  fail(error: Error): void;
}

let h: Harness | undefined;
let feed: UserFeed | undefined;
afterEach(async () => {
  h?.close();
  await feed?.stop();
  h = undefined;
  feed = undefined;
});

// A dashboard whose user view's runs wait for the test to finish them.
async function withUserView(size = { columns: 120, rows: 30 }): Promise<{ h: Harness; calls: Call[] }> {
  const calls: Call[] = [];
  const run: RunUserView = (query, { send, signal, onProgress }) =>
    new Promise((resolve, reject) => {
      calls.push({ query, send, signal, progress: onProgress, finish: resolve, fail: reject });
    });
  feed = new UserFeed({ frameMs: 10 });
  feed.attach(run);
  h = await startHarness({ checks: ['host/ssh'], hosts: [host('relay')], user: feed, size });
  return { h, calls };
}

async function until<T>(get: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const v = get();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function showReport(h: Harness, calls: Call[], report = REPORT): Promise<string> {
  await h.press('u', ...report.query, KEY.enter);
  const call = await until(() => calls.at(-1), 'the run');
  call.finish(report);
  return h.waitFor((f) => /^path · \d+ hops/m.test(f), 'the path');
}

describe('the user view', () => {
  it('asks on u, shows the run going, then the verdict on top and the hops as a column', async () => {
    const { h, calls } = await withUserView();
    await h.press('u');
    const prompt = await h.waitFor((f) => f.includes('user (login or address): _'), 'the prompt');
    expect(prompt).toMatch(/^user · which login or address\?/m);
    await h.press(...'test1001', KEY.enter);
    const call = await until(() => calls[0], 'the run');
    expect(call).toMatchObject({ query: 'test1001', send: false });
    call.progress('12 of 30 checks done');
    const running = await h.waitFor((f) => f.includes('12 of 30 checks done'), 'the progress');
    expect(running).toMatch(/^user test1001 · [⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] checking$/m);
    call.finish(REPORT);
    const f = await h.waitFor((x) => /^path · 7 hops/m.test(x), 'the path');
    const lines = f.split('\n');
    expect(lines[2]).toMatch(/^user test1001 · CRIT · 2 problems · 7 hops · \d\d:\d\d:\d\d, took 1\.2 s$/);
    expect(lines[3]).toBe('test1001 · full OX user · test1001@example.com t.one@example.com');
    expect(lines[4]).toBe("CRIT relay: no map answers for t.one@example.com: mail for it bounces 'User unknown'");
    expect(lines[5]).toMatch(/^ {5}fix: add t\.one@example\.com to the relay_recipient map/);
    expect(lines[6]).toMatch(/^WARN servera: the last sync log is 2 days old/);
    const hops = lines.filter((l) => /^[> ](OK|WARN|CRIT|UNKN) /.test(l));
    expect(hops.map((l) => l.slice(0, 28).trimEnd())).toEqual([
      '>OK    AD: the user',
      ' CRIT  relay: Exchange -> OX',
      ' OK    server A: delivery',
      ' OK    server B: archive',
      ' OK    logins',
      ' WARN  OX',
      ' OK    queues and logs',
    ]);
    expect(hops[1]).toMatch(/relay: Exchange -> OX +relay: no map answers for t\.one/);
    expect(f).toMatch(/^enter evidence {2}s send {2}r run {2}u user {2}q back {2}\? help$/m);
  });

  it("opens a hop's evidence on enter and goes back with esc, then to the overview", async () => {
    const { h, calls } = await withUserView();
    await showReport(h, calls);
    await h.press('j', KEY.enter);
    const ev = await h.waitFor((f) => f.includes('· evidence'), 'the evidence');
    expect(ev).toMatch(/^CRIT relay: Exchange -> OX · evidence/m); // the title names the host already
    expect(ev).toMatch(/^CRIT user\/routing @ relay$/m);
    expect(ev.indexOf('CRIT user/routing @ relay')).toBeLessThan(ev.indexOf('OK host/ssh @ relay')); // problems first
    expect(ev).toMatch(/^ {2}hint: add t\.one@example\.com to the relay_recipient map/m);
    expect(ev).toMatch(/^ {4}CRIT t\.one@example\.com: no map answers: relay_recipient_maps rejects it$/m);
    expect(ev).toMatch(/^ {4}\$ postmap -q t\.one@example\.com ldap:\/etc\/postfix\/ldap-relay\.cf$/m);
    expect(ev).toMatch(/^ {4}addresses_routed = 1$/m);
    await h.press(KEY.esc);
    await h.waitFor((f) => /^>?\s*CRIT {2}relay: Exchange -> OX/m.test(f) && !f.includes('· evidence'), 'the path');
    await h.press(KEY.esc);
    await h.waitFor((f) => /^checks 1/m.test(f), 'the overview');
    await h.press('u', KEY.esc);
    await h.waitFor((f) => /^path · 7 hops/m.test(f), 'the last report again after esc on the prompt');
  });

  it('asks before sending, says the dashboard takes the relay path only, and shows the copies after y', async () => {
    const { h, calls } = await withUserView();
    await showReport(h, calls);
    await h.press('s');
    const asked = await h.waitFor((f) => f.includes('? y/n'), 'the question');
    expect(asked).toMatch(/^send a marked test message to test1001@example\.com\? y\/n$/m);
    expect(asked).toMatch(/^y send {2}n cancel {2}\(no password here: the relay path only, not the sent copy\)$/m);
    await h.press('n');
    await h.waitFor((f) => f.includes('nothing sent to test1001@example.com'), 'the refusal');
    expect(calls).toHaveLength(1);
    await h.press('s', 'y');
    const call = await until(() => calls[1], 'the send run');
    expect(call).toMatchObject({ query: 'test1001', send: true });
    await h.waitFor((f) => /^user test1001 · \S+ sending a marked test message and following it$/m.test(f), 'sending');
    call.finish(SENT_REPORT);
    const sent = await h.waitFor((f) => /^path · 8 hops/m.test(f), 'the path with the send hop');
    expect(sent).toMatch(/^send: the archive copy stopped: deferred on relay/m);
    await h.press('G', KEY.enter);
    const ev = await h.waitFor((f) => f.includes('· evidence'), "the send hop's evidence");
    expect(ev).toMatch(/^ {2}message <oxdoctor-1@example\.com> to the relay's port 25 as Exchange would/m);
    expect(ev).toMatch(/^ {4}OK {3}inbox: INBOX of test1001 on servera in 2 s$/m);
    expect(ev).toMatch(/^ {4}CRIT archive: archive on serverb: stopped at deferred on relay: connect to/m);
    expect(ev).toMatch(/^ {9}\d\d:\d\d:\d\d relay {2}relay: received from exchange$/m);
  });

  it("lists the view's keys on ? and comes back to it on esc", async () => {
    const { h, calls } = await withUserView();
    await showReport(h, calls);
    await h.press('?');
    const help = await h.waitFor((f) => f.includes('send a marked test message'), 'the help');
    expect(help).toMatch(/^ {2}s +user view: send a marked test message \(asks y\/n first\)$/m);
    expect(help).toMatch(/^ {2}u +another user: asks for a login or address/m);
    expect(help).toMatch(/^ {2}enter +the selected hop's evidence/m);
    expect(help).not.toMatch(/^ {2}l /m); // the log pane's key does nothing here
    await h.press(KEY.esc);
    await h.waitFor((f) => /^path · 7 hops/m.test(f), 'the user view');
  });

  it('says why a run failed, and r runs again', async () => {
    const { h, calls } = await withUserView();
    await h.press('u', ...'test1001', KEY.enter);
    (await until(() => calls[0], 'the run')).fail(new Error('AD cannot be asked who test1001 is: timeout'));
    const failed = await h.waitFor((f) => f.includes('oxdoctor user failed: AD cannot be asked'), 'the failure');
    expect(failed).toMatch(/^no report: why is said below; r tries again/m);
    await h.press('r');
    (await until(() => calls[1], 'the second run')).finish(okReport('test1001'));
    const f = await h.waitFor((x) => /^path · 7 hops/m.test(x), 'the path');
    expect(f).toMatch(/^verdict: all OK along 7 hops$/m);
  });

  it('fits an 80x24 terminal: every hop shown, the verdict cut with a count of the rest', async () => {
    const { h, calls } = await withUserView({ columns: 80, rows: 24 });
    const problems = Array.from({ length: 9 }, (_, i) => ({
      hop: 'inbound@relay',
      check: 'user/routing',
      status: 'crit' as const,
      sentence: `relay: problem ${i + 1} of 9 with a sentence long enough to be cut at the screen's edge, surely`,
      fix: `fix ${i + 1}`,
    }));
    const hops = [...HOPS, hop('send', 'send', 'test message', [result('user/send', 'relay', 'ok', 'sent')])];
    const f = await showReport(h, calls, { ...REPORT, verdict: problems, hops });
    const lines = f.split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(lines.filter((l) => /^[> ](OK|WARN|CRIT|UNKN) /.test(l))).toHaveLength(8);
    expect(f).toMatch(/^\.\.\. \d more: enter on a hop shows its results$/m);
    expect(f).toMatch(/^CRIT relay: problem 1 of 9 with a sentence long enough to be cut at the screen'~$/m);
    expect(f).toMatch(/^CRIT relay: problem 4 of 9 /m);
    expect(f).not.toMatch(/problem 5 of 9/);
  });
});
