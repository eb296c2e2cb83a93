// user/activity on the lab: a delivery to test1005 and its successful IMAP login show on servera with their times;
// five wrong passwords (IMAP LOGIN at 127.0.10.2:143) make a WARN that counts them; hostile logins and addresses
// reach the hosts' grep only as fixed strings on stdin (nothing runs, nothing matches). The test message is
// deleted from test1005's mailboxes on servera and serverb afterwards.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../src/core/result.js';
import { OWN_SWEEP_MARGIN_MS } from '../../../src/user/activity/own-sweep.js';
import { activityProbe } from '../../../src/user/probes/activity.js';
import { siteForUser, type UserTarget } from '../../../src/user/target.js';
import { LAB_ADDRESSES, labExec, labPaths } from '../../lab/lab.js';
import { imapQuote, imapRun } from '../../lab/mail-clients.js';
import { smtpSend } from '../../lab/probes.js';
import { labUser, runForUser, type LabUser } from '../lab-user.js';

const show = (results: readonly Result[]): string =>
  results.map((r) => `${r.host}: ${r.status} ${r.summary}\n  ${r.steps.map((s) => s.summary).join('\n  ')}`).join('\n');
const metric = (r: Result, label: string): number | undefined => r.metrics.find((m) => m.label === label)?.value;
const on = (results: readonly Result[], host: string): Result => results.find((r) => r.host === host)!;

let user: LabUser;
let password = '';
beforeAll(async () => {
  user = await labUser('test1005');
  password = readFileSync(`${(await labPaths()).secrets}/test1005.pw`, 'utf8').trim();
});

// Logins in the 5 s before the probe are taken for the sweep's own (own-sweep.ts): the test's are older.
const pastOwnSweepMargin = (): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, OWN_SWEEP_MARGIN_MS + 500));
const run = (u: LabUser): Promise<Result[]> => runForUser(u, [activityProbe(u.target)]);

async function deleteByMessageId(host: string, messageId: string): Promise<void> {
  const { login } = await imapRun(host, 'test1005', password, [
    'SELECT INBOX',
    `SEARCH HEADER Message-ID ${imapQuote(messageId)}`,
  ]).then(async (first) => {
    const hits =
      first.replies[1]?.untagged
        .find((l) => l.startsWith('* SEARCH'))
        ?.split(' ')
        .slice(2) ?? [];
    if (hits.length === 0) return first;
    return imapRun(host, 'test1005', password, [
      'SELECT INBOX',
      `STORE ${hits.join(',')} +FLAGS (\\Deleted)`,
      'EXPUNGE',
    ]);
  });
  expect(login.status).toBe('OK');
}

describe('user/activity', () => {
  it('a delivery and a login of test1005 show with their times', async () => {
    const start = Date.now();
    const messageId = `user-activity-${start}@example.com`;
    try {
      const body = `From: exch01@example.com\nTo: test1005@example.com\nMessage-ID: <${messageId}>\nSubject: activity\n\nx\n`;
      await smtpSend(LAB_ADDRESSES.relay, 25, 'exch01@example.com', ['test1005@example.com'], body);
      expect((await imapRun(LAB_ADDRESSES.servera, 'test1005', password, [])).login.status).toBe('OK');
      await pastOwnSweepMargin();
      let results: Result[] = [];
      const until = Date.now() + 30_000;
      do {
        results = await run(user);
        const age = metric(on(results, 'servera'), 'last_delivery_age');
        if (age !== undefined && age <= (Date.now() - start) / 1000 + 1) break;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      } while (Date.now() < until);
      // log stamps are whole seconds and ages are rounded: a second either way
      const elapsed = Math.ceil((Date.now() - start) / 1000 + 1);
      const a = on(results, 'servera');
      expect(metric(a, 'last_delivery_age'), show(results)).toBeLessThanOrEqual(elapsed);
      expect(metric(a, 'last_login_age'), show(results)).toBeLessThanOrEqual(elapsed);
      const [delivery, login] = a.steps;
      expect(delivery!.summary).toMatch(
        /^servera: last delivery to test1005 at \d\d:\d\d:\d\d \(\d+ s ago\): (cyrus\/lmtpunix into user\.test1005|postfix\/lmtp to=<test1005@oxmail\.example\.com> relay=\S+) \(\d+ in the window\)$/,
      );
      expect(login!.summary).toMatch(
        /^servera: last login of test1005 at \d\d:\d\d:\d\d \(\d+ s ago\): cyrus\/imap plaintext from 127\.0\.10\.2 \(\d+ in the window\)$/,
      );
      // the relay passed it on (status=sent to amavis, to server A, and the archive BCC to server B)
      expect(on(results, 'relay').steps[0]!.summary).toMatch(
        /^relay: last delivery to test1005 at .*: postfix\/smtp to=<test1005@[\w.]+> relay=/,
      );
      expect(metric(on(results, 'relay'), 'last_delivery_age')).toBeLessThanOrEqual(elapsed);
    } finally {
      await deleteByMessageId(LAB_ADDRESSES.servera, messageId);
      await deleteByMessageId(LAB_ADDRESSES.serverb, messageId);
    }
  }, 90_000);

  it('five wrong passwords at servera:143 make a WARN that counts them, the client and the fix named', async () => {
    const before = metric(on(await run(user), 'servera'), 'failed_logins_hour') ?? 0;
    for (let i = 0; i < 5; i++) {
      const wrong = await imapRun(LAB_ADDRESSES.servera, 'test1005', `${password}-wrong`, []);
      expect(wrong.login.status).toBe('NO');
    }
    await pastOwnSweepMargin();
    const results = await run(user);
    const a = on(results, 'servera');
    const failed = metric(a, 'failed_logins_hour')!;
    expect(failed, show(results)).toBeGreaterThanOrEqual(before + 5);
    // 5 to 49 in the hour warn, 50 and more are critical (a run of this file again within the hour)
    expect(a.status, show(results)).toBe(failed >= 50 ? 'crit' : 'warn');
    expect(a.summary).toMatch(
      /^servera: \d+ failed logins of test1005 in the last hour \(expected at most 4\), the last at \d\d:\d\d:\d\d \(\d+ s ago\) \(cyrus\/imap from 127\.0\.10\.2: .*; saslauthd: krb5_get_init_creds_password failed\)$/,
    );
    expect(a.hint).toMatch(/^a client from 127\.0\.10\.2 keeps trying a wrong or old password for test1005/);
    expect(JSON.stringify(results)).not.toContain(password);
    // user.failedLoginsHour raised in the config: the same count is OK, said against the configured limit
    const lenient = {
      ...user.userSite,
      thresholds: { ...user.userSite.thresholds, 'user.failedLoginsHour': { warn: '1000', crit: '2000' } },
    };
    const relaxed = on(await run({ ...user, userSite: lenient }), 'servera');
    expect(relaxed.status, relaxed.summary).toBe('ok');
    expect(relaxed.steps[2]!.summary).toMatch(
      /^servera: \d+ failed logins of test1005 in the last hour \(expected at most 1000\)/,
    );
    // serverb saw none of them
    expect(on(results, 'serverb').steps[2]!.summary).not.toMatch(/^serverb: [5-9]\d* failed/);
  }, 90_000);

  it('hostile logins and addresses: fixed strings on stdin, no shell or grep pattern, nothing found', async () => {
    const marker = `/tmp/oxdoctor-activity-pwned-${Date.now()}`;
    const hostile: [string, string[]][] = [
      [`a b;touch ${marker}`, [`$(touch ${marker})@example.com`]],
      ['*)(uid=*', [`\`touch ${marker}\`@example.com`, 'x\'y"z@example.com']],
      ['test\r\n1005', ['test1005\u0000@example.com']],
      ['müller-ß', ['.*@example.com', '^[a-z]+$@example.com']],
      ['q'.repeat(10_000), []],
    ];
    for (const [login, addresses] of hostile) {
      const target: UserTarget = { ...user.target, login, addresses, primary: addresses[0] };
      const results = await run({ site: user.site, userSite: siteForUser(user.site, target), target });
      expect(results.length).toBeGreaterThan(0);
      for (const r of results) {
        expect(r.status, show(results)).toBe('ok');
        expect(r.summary).toMatch(/no delivery to .*, no login, no failed login in the last hour/s);
        // grep took them as fixed strings: ".*" or "^[a-z]+$" as patterns would have passed every line on (the
        // logs hold thousands); as literals only the odd line of another test's hostile login matches
        const grep = r.evidence.find((e) => e.label.startsWith('$ grep -F -f - ('));
        const candidates = Number(/^(\d+) candidate lines, 0 of the user's events/.exec(grep?.text ?? '')?.[1]);
        expect(candidates, grep?.text).toBeLessThan(100);
      }
    }
    for (const host of ['relay', 'servera', 'serverb'] as const) {
      const probe = await labExec(host, ['sh', '-c', `test -e ${marker} && echo found || echo absent`]);
      expect(probe.stdout.trim()).toBe('absent');
    }
  }, 120_000);
});
