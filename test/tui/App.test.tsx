import { afterEach, describe, expect, it } from 'vitest';
import { crit, unknown, warn } from '../../src/core/result.js';
import { host, KEY, selectedLine, startHarness, type Harness } from './dashboard-harness.js';

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

const CHECKS = ['host/ssh', 'service/clamd', 'service/imap', 'mailbox/folders', 'cron/ox-jobs'];
const HOSTS = [host('relay'), host('servera', ['groupware'])];
const CLAMD_DOWN = crit('clamd on relay answers no PING: connection refused on /run/clamd.sock (expected PONG)', {
  hint: 'start clamd: systemctl start clamd@amavisd',
  evidence: [
    { label: '$ clamdscan --ping 1', text: 'ERROR: Could not connect to clamd on LocalSocket /run/clamd.sock' },
  ],
  metrics: [{ label: 'clamd_ping', value: 1520, unit: 'ms', warn: '500', crit: '1000' }],
});

describe('the overview', () => {
  it('shows hosts by check groups derived from the checks, the worst status with counts, and problems first', async () => {
    h = await startHarness({
      checks: CHECKS,
      hosts: HOSTS,
      outcomes: {
        'service/clamd@relay': CLAMD_DOWN,
        'mailbox/folders@servera': warn('Junk is missing for test1001 (expected Drafts, Sent Items, Junk, Trash)'),
      },
    });
    const lines = h.frame().split('\n');
    expect(lines[0]).toMatch(/^oxdoctor {2}Test site +sweep #1 \d+s ago · next in 10m$/);
    expect(lines[1]).toMatch(/^CRIT 1 {2}UNKN 0 {2}WARN 1 {2}OK 8 {2}10 checks on 2 hosts/);
    expect(lines[2]!.trim().split(/\s+/)).toEqual(['host', 'service', 'mailbox', 'cron']);
    expect(lines[3]).toMatch(/^relay +ok 1 +C 1\/2 +ok 1 +ok 1 *$/);
    expect(lines[4]).toMatch(/^servera +ok 1 +ok 2 +W 1\/1 +ok 1 *$/);
    const list = lines.filter((l) => /^[> ](OK|WARN|CRIT|UNKN) /.test(l));
    expect(list[0]).toMatch(/^>CRIT +service\/clamd +relay +clamd on relay answers no PING/);
    expect(list[1]).toMatch(/^ WARN +mailbox\/folders +servera +Junk is missing/);
    expect(list).toHaveLength(10);
  });

  it('marks checks that are still running with a spinner, keeping their last status until the new one', async () => {
    h = await startHarness({ checks: CHECKS, hosts: HOSTS, delayMs: () => 400 });
    h.outcomes.set('cron/ox-jobs@relay', unknown('cannot read the crontab'));
    await h.press('R');
    const during = await h.waitFor((f) => /sweep #2 running/.test(f), 'the second sweep to start');
    expect(during).toMatch(/sweep #2 running \d+\/10 [⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
    expect(during).toMatch(/^relay +ok 1 [⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/m);
    expect(during).toMatch(/^[> ]OK {2}[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] +host\/ssh +relay/m);
    const after = await h.waitFor((f) => /sweep #2 \d+s ago/.test(f), 'the second sweep to end');
    expect(selectedLine(after)).toMatch(/^>UNKN +cron\/ox-jobs +relay +cannot read the crontab/);
  });
});

describe('keys', () => {
  it('opens the detail of the selected check with enter and returns with esc', async () => {
    h = await startHarness({ checks: CHECKS, hosts: HOSTS, outcomes: { 'service/clamd@relay': CLAMD_DOWN } });
    await h.press(KEY.enter);
    const detail = await h.waitFor((f) => f.includes('evidence'), 'the detail view');
    expect(detail).toMatch(/CRIT service\/clamd @ relay {2}the service\/clamd check/);
    expect(detail).toContain('hint: start clamd: systemctl start clamd@amavisd');
    expect(detail).toContain('$ clamdscan --ping 1');
    expect(detail).toContain('ERROR: Could not connect to clamd on LocalSocket /run/clamd.sock');
    expect(detail).toContain('clamd_ping = 1520ms  (warn 500, crit 1000)');
    expect(detail).toMatch(/ran \d\d:\d\d:\d\d, took \d+ ms/);
    expect(detail).toMatch(/last change: first seen CRIT at \d\d:\d\d:\d\d/);
    await h.press(KEY.esc);
    const back = await h.waitFor((f) => f.includes('checks 10'), 'the overview');
    expect(selectedLine(back)).toMatch(/service\/clamd +relay/);
  });

  it('scrolls long evidence in the detail view with j and k', async () => {
    const text = Array.from({ length: 60 }, (_, i) => `line ${i + 1} of the transcript`).join('\n');
    h = await startHarness({
      checks: ['service/smtp'],
      hosts: [host('relay')],
      outcomes: {
        'service/smtp@relay': crit('port 25 greets with 554 (expected 220)', {
          evidence: [{ label: 'S: greeting', text }],
        }),
      },
      size: { columns: 80, rows: 24 },
    });
    await h.press(KEY.enter);
    const first = await h.waitFor((f) => f.includes('evidence'), 'the detail view');
    expect(first).toMatch(/\[1-\d+ of \d+\]/);
    expect(first).not.toContain('line 30 of the transcript');
    await h.press(...Array<string>(25).fill('j'));
    const scrolled = await h.waitFor((f) => f.includes('line 30 of the transcript'), 'the scrolled evidence');
    expect(scrolled).toMatch(/\[26-\d+ of \d+\]/);
    await h.press('k');
    expect(await h.waitFor((f) => /\[25-/.test(f), 'one line back')).toMatch(/\[25-\d+ of \d+\]/);
  });

  it('filters on host, check and summary with / (text or regex), and esc clears the filter', async () => {
    h = await startHarness({ checks: CHECKS, hosts: HOSTS, outcomes: { 'service/clamd@relay': CLAMD_DOWN } });
    await h.press('/', 'P', 'I', 'N', 'G');
    let f = await h.waitFor((x) => x.includes('checks 1 of 10'), 'the text filter');
    expect(f).toContain('/PING_');
    await h.press(KEY.enter);
    f = await h.waitFor((x) => !x.includes('/PING_'), 'the filter line to close');
    expect(f).toContain('checks 1 of 10 · /PING/');
    await h.press(KEY.esc, '/', '^', 's', 'e', 'r', 'v', 'i', 'c', 'e', '/', '(', 'i', '|', 'c', ')', KEY.enter);
    f = await h.waitFor((x) => x.includes('checks 4 of 10'), 'the regex filter');
    const rows = f.split('\n').filter((l) => /^[> ](OK|CRIT) /.test(l));
    expect(rows.map((r) => r.slice(1).trim().split(/\s+/)[1])).toEqual([
      'service/clamd',
      'service/imap',
      'service/clamd',
      'service/imap',
    ]);
    await h.press(KEY.esc);
    await h.waitFor((x) => x.includes('checks 10') && !x.includes(' of 10'), 'the filter to clear');
  });

  it('shows problems only with f, and everything again with a second f', async () => {
    h = await startHarness({ checks: CHECKS, hosts: HOSTS, outcomes: { 'service/clamd@relay': CLAMD_DOWN } });
    await h.press('f');
    const only = await h.waitFor((x) => x.includes('problems only'), 'problems only');
    expect(only).toContain('checks 1 of 10 · problems only');
    await h.press('f');
    await h.waitFor((x) => !x.includes('problems only'), 'all checks again');
  });

  it('narrows with :host NAME and :check GROUP, and names the choices for an unknown host', async () => {
    h = await startHarness({ checks: CHECKS, hosts: HOSTS });
    await h.press(':', ...'host servera', KEY.enter);
    let f = await h.waitFor((x) => x.includes('host servera'), ':host');
    expect(f).toContain('checks 5 of 10 · host servera');
    await h.press(':', ...'check service', KEY.enter);
    f = await h.waitFor((x) => x.includes('check service'), ':check');
    expect(f).toContain('checks 2 of 10 · host servera · check service');
    await h.press(':', ...'host nosuch', KEY.enter);
    f = await h.waitFor((x) => x.includes("unknown host 'nosuch'"), 'the unknown host message');
    expect(f).toContain("unknown host 'nosuch'; hosts are relay, servera");
  });

  it('shows help generated from the key table with ? and closes it with ?', async () => {
    h = await startHarness({ checks: CHECKS, hosts: HOSTS });
    await h.press('?');
    const help = await h.waitFor((x) => x.includes('Move'), 'the help');
    expect(help).toMatch(/j down +next row/);
    expect(help).toMatch(/R +re-run every check now/);
    expect(help).toMatch(/q ctrl\+c +quit/);
    await h.press('?');
    await h.waitFor((x) => x.includes('checks 10'), 'the overview');
  });

  it('takes keys that arrive in one read ("jj", as from key repeat or a slow link) as that many presses', async () => {
    h = await startHarness({ checks: CHECKS, hosts: HOSTS });
    await h.press('j', 'j');
    const twoPresses = selectedLine(h.frame());
    await h.press('k', 'k');
    await h.press('jj');
    expect(selectedLine(h.frame())).toBe(twoPresses);
    await h.press('kk');
    await h.press('j');
    expect(selectedLine(h.frame())).not.toBe(twoPresses);
  });

  it('re-runs only the selected check with r', async () => {
    h = await startHarness({ checks: CHECKS, hosts: HOSTS });
    await h.press('j', 'j');
    const chosen = selectedLine(h.frame())!.split(/\s+/).slice(1, 3).join('@');
    h.outcomes.set(chosen, crit('now broken'));
    await h.press('r');
    const f = await h.waitFor((x) => x.includes('now broken') && /sweep #2 \d+s ago/.test(x), 'the re-run');
    expect(f).toMatch(/^CRIT 1 {2}UNKN 0 {2}WARN 0 {2}OK 9 /m);
    expect(h.runner.store.getSnapshot().sweep.planned).toBe(1);
  });

  it('keeps the selection on the same check@host when a refresh reorders the rows', async () => {
    h = await startHarness({ checks: CHECKS, hosts: HOSTS });
    await h.press('j', 'j', 'j');
    const before = selectedLine(h.frame())!;
    expect(before).toMatch(/^>OK +mailbox\/folders +relay/);
    h.outcomes.set('cron/ox-jobs@servera', crit('setpostacl has not run for 3h (expected every 5 minutes)'));
    h.outcomes.set('host/ssh@servera', warn('host key fingerprint changed order'));
    await h.press('R');
    const after = await h.waitFor((x) => /sweep #2 \d+s ago/.test(x), 'the refresh');
    expect(after.split('\n').find((l) => /^[> ]CRIT/.test(l))).toContain('cron/ox-jobs');
    expect(selectedLine(after)).toMatch(/^>OK +mailbox\/folders +relay/);
  });

  it('quits with q', async () => {
    h = await startHarness({ checks: CHECKS, hosts: HOSTS });
    await h.press('q');
    // Ink unmounts: the model no longer has a subscriber that re-renders, and the frame stays.
    const last = h.frame();
    h.outcomes.set('host/ssh@relay', crit('gone'));
    h.model.rerunAll();
    await new Promise((r) => setTimeout(r, 150));
    expect(h.frame()).toBe(last);
  });
});

describe('the status line and small terminals', () => {
  it('names a refused host key with its fingerprint and how to accept it', async () => {
    h = await startHarness({
      checks: CHECKS,
      hosts: HOSTS,
      outcomes: {
        'host/ssh@servera': crit(
          'cannot use servera: host key SHA256:Xw0T+e5n3qBh2bC9 is not in known_hosts (host-key-unknown; expected an authenticated SSH session with a known host key)',
          {
            hint: 'verify the fingerprint SHA256:Xw0T+e5n3qBh2bC9 with the host owner, then: ssh-keyscan -p 22 servera >> ~/.ssh/known_hosts',
          },
        ),
      },
      size: { columns: 300, rows: 30 },
    });
    const statusLine = h.frame().split('\n').at(-2)!;
    expect(statusLine).toContain('servera: cannot use servera: host key SHA256:Xw0T+e5n3qBh2bC9 is not in known_hosts');
    expect(statusLine).toContain('then: ssh-keyscan -p 22 servera >> ~/.ssh/known_hosts');
  });

  it('fits 80x24 and a narrow 50x14 terminal, keeping the selection on screen', async () => {
    const hosts = Array.from({ length: 6 }, (_, i) => host(`server-${i + 1}`));
    for (const size of [
      { columns: 80, rows: 24 },
      { columns: 50, rows: 14 },
    ]) {
      h = await startHarness({ checks: CHECKS, hosts, size, outcomes: { 'service/clamd@server-6': CLAMD_DOWN } });
      await h.press(...Array<string>(20).fill('j'));
      const f = await h.waitFor((x) => selectedLine(x)?.includes('server-') === true, 'a selection');
      const lines = f.split('\n');
      expect(lines.length).toBeLessThanOrEqual(size.rows - 1);
      for (const l of lines) expect(l.length).toBeLessThanOrEqual(size.columns);
      expect(selectedLine(f)).toBeDefined();
      expect(f).toContain('CRIT 1');
      h.close();
      h = undefined;
    }
  });
});

describe('re-runs', () => {
  it('starts no second sweep while one runs (R is single flight) and queues r until the sweep ends', async () => {
    h = await startHarness({ checks: CHECKS, hosts: HOSTS, delayMs: () => 500 });
    await h.press('R');
    await h.waitFor((x) => /sweep #2 running/.test(x), 'the second sweep');
    await h.press('R');
    await h.waitFor((x) => x.includes('a sweep is running'), 'the refusal');
    await h.press('r');
    await h.waitFor((x) => x.includes('1 queued'), 'the queued re-run');
    expect(h.sweeps()).toBe(2);
    await h.waitFor((x) => /sweep #3 \d+s ago/.test(x), 'the queued re-run to finish', 5000);
    expect(h.sweeps()).toBe(3);
    expect(h.runner.store.getSnapshot().sweep.planned).toBe(1);
  });
});
