// The log pane in the dashboard (ink-testing-library over a real Runner and model, the feed given real parsed
// log lines): `l` opens it, lines show with their host, `/` filters, space pauses and counts, esc goes back;
// a check's detail view lists the lines its rule kept for its host.
import { afterEach, describe, expect, it } from 'vitest';
import { LogFeed } from '../../src/tui/log-feed.js';
import { host, KEY, startHarness, type Harness } from './dashboard-harness.js';
import { corpusLogLines, numberedLines } from './log-lines.js';

let h: Harness | undefined;
let feed: LogFeed | undefined;
afterEach(async () => {
  h?.close();
  await feed?.stop();
  h = undefined;
  feed = undefined;
});

const HOSTS = [host('relay'), host('servera', ['groupware'])];
const CHECKS = ['mailbox/imap-login', 'host/ssh'];

async function withFeed(): Promise<{ h: Harness; feed: LogFeed }> {
  feed = new LogFeed({ frameMs: 20 });
  await feed.attach(['relay', 'servera'], async () => ({ stop: async () => undefined }));
  h = await startHarness({ checks: CHECKS, hosts: HOSTS, logs: feed });
  return { h, feed };
}

describe('the log pane', () => {
  it('opens on l with the merged stream, each line behind its host, the newest at the bottom', async () => {
    const { h, feed } = await withFeed();
    await h.press('l');
    await h.waitFor((f) => /^logs · 2 hosts · 0 lines · live/m.test(f), 'the empty pane');
    feed.push([...numberedLines(40), ...corpusLogLines('cyrus/fail2ban_cyrus-imap.log', 'badlogin:', 'servera')]);
    const f = await h.waitFor((x) => x.includes('badlogin'), 'the lines');
    const body = f.split('\n');
    expect(f).toMatch(/^logs · 2 hosts · 50 lines · live/m);
    const last = body.filter((l) => /^servera /.test(l)).at(-1);
    expect(last).toMatch(/^servera \d\d:\d\d:\d\d maillog imap\[22130\]: badlogin: \[192\.0\.2\.4\] plain/);
    expect(f).toMatch(/^relay {3}\d\d:\d\d:\d\d maillog postfix\/smtpd\[100\]: connect from client3\d\[/m);
    expect(f).toMatch(/space pause {2}\/ filter {2}t trace {2}G follow {2}q back {2}\? help/);
  });

  it('filters with /, pauses with space counting what arrives, and goes back with esc', async () => {
    const { h, feed } = await withFeed();
    feed.push([...numberedLines(40), ...corpusLogLines('cyrus/fail2ban_cyrus-imap.log', 'badlogin:', 'servera')]);
    await h.press('l', '/', 'b', 'a', 'd');
    const filtered = await h.waitFor((f) => /^\/bad_/m.test(f), 'the filter being typed');
    expect(filtered).not.toContain('connect from');
    expect(filtered.match(/badlogin/g)?.length).toBeGreaterThanOrEqual(3);
    await h.press(KEY.enter, ' ');
    feed.push(numberedLines(123, 'relay', 40));
    const paused = await h.waitFor((f) => /paused: 123 new lines/.test(f), 'the pause count');
    expect(paused).toMatch(/^logs · 2 hosts · 1\d\d lines · \/bad\/ · PAUSED/m);
    await h.press(KEY.esc);
    await h.waitFor((f) => f.includes('checks 4'), 'the overview');
    await h.press('l');
    await h.waitFor((f) => /PAUSED/.test(f), 'the pane as it was left');
  });

  it('draws about 10 frames a second, not one per line, while 5,000 lines arrive over a second', async () => {
    feed = new LogFeed(); // the dashboard's frame rate
    await feed.attach(['relay', 'servera'], async () => ({ stop: async () => undefined }));
    h = await startHarness({ checks: CHECKS, hosts: HOSTS, logs: feed });
    await h.press('l');
    await h.waitFor((f) => /^logs · 2 hosts · 0 lines/m.test(f), 'the pane');
    const before = h.renders();
    const started = Date.now();
    for (let i = 0; i < 500; i++) {
      feed.push(numberedLines(10, i % 2 ? 'relay' : 'servera', i * 10));
      await new Promise((r) => setTimeout(r, 2));
    }
    const seconds = (Date.now() - started) / 1000;
    await h.waitFor((f) => /^logs · 2 hosts · 5,000 lines/m.test(f), 'every line counted');
    const renders = h.renders() - before;
    expect(renders).toBeGreaterThan(2);
    expect(renders).toBeLessThanOrEqual(Math.ceil(seconds * 10) + 4); // frames, plus the clock's once a second
  });

  it("shows the pane's keys on ? and returns to the pane on esc", async () => {
    const { h } = await withFeed();
    await h.press('l', '?');
    const help = await h.waitFor((f) => f.includes('pause or resume'), "the pane's help");
    expect(help).toMatch(/^ {2}t +log pane: trace the selected line/m);
    expect(help).not.toMatch(/^ {2}R /m);
    await h.press(KEY.esc);
    await h.waitFor((f) => /^logs · 2 hosts/m.test(f), 'the pane again');
  });

  it("shows under mailbox/imap-login the last badlogins of the check's host only", async () => {
    const { h, feed } = await withFeed();
    feed.push(corpusLogLines('cyrus/fail2ban_cyrus-imap.log', 'badlogin:', 'servera'));
    await h.press(':', ...'host servera'.split(''), KEY.enter, KEY.enter);
    const detail = await h.waitFor((f) => f.includes('recent log lines'), 'the detail view');
    expect(detail).toMatch(/@ servera/);
    expect(detail).toContain('recent log lines: failed IMAP and POP logins');
    const shown = detail.match(/^ {2}\d\d:\d\d:\d\d maillog \S+: badlogin: /gm) ?? [];
    expect(shown).toHaveLength(5); // the last five of the ten
    expect(detail).toMatch(/^ {2}\d\d:\d\d:\d\d maillog imap\[22130\]: badlogin: \[192\.0\.2\.4\]/m);
    expect(detail).not.toContain('cyrus/imap[5355]');
  });
});
