// user/logins on the lab: the user's own IMAP logins (PLAIN over STARTTLS, GSSAPI) with the password; without it, the
// no login at all (a proxy login would autocreate a mailbox) and what was not tried; refusals named with their cause;
// hostile logins.
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/core/redact.js';
import type { Result } from '../../../src/core/result.js';
import { loginsProbe } from '../../../src/user/probes/logins.js';
import { siteForUser, type UserTarget } from '../../../src/user/target.js';
import { STANDBY, runChecksAll } from '../../checks/mailbox/run.js';
import { breakFault, healFault, labExec } from '../../lab/lab.js';
import { labUser, type LabUser } from '../lab-user.js';

const IMAPD = { servera: '127.0.10.2:143', serverb: '127.0.10.4:143' } as const;

function show(results: readonly Result[]): string {
  return results.map((r) => `${r.host}: ${r.status} ${r.summary}`).join('\n');
}

// The results of servera and serverb; servera2, the standby node, reports that cyrus runs on servera.
async function run(user: LabUser): Promise<Result[]> {
  const all = await runChecksAll(user.userSite, [loginsProbe(user.target)]);
  const standby = all.find((r) => r.host === 'servera2');
  expect(standby?.summary, show(all)).toMatch(STANDBY);
  return all.filter((r) => r.host !== 'servera2');
}

function expectEach(results: readonly Result[], status: string, summary: (target: string) => RegExp): void {
  expect(results.map((r) => r.host).sort(), show(results)).toEqual(['servera', 'serverb']);
  for (const r of results) {
    const target = IMAPD[r.host as keyof typeof IMAPD].replace(/\./g, '\\.');
    expect(r.check).toBe('user/logins');
    expect(r.status, show(results)).toBe(status);
    expect(r.summary, show(results)).toMatch(new RegExp(`^${r.host}: ${summary(target).source}`));
    if (status !== 'ok') expect(r.hint, show(results)).toBeTruthy();
  }
}

function withTarget(base: LabUser, target: UserTarget): LabUser {
  return { site: base.site, userSite: siteForUser(base.site, target), target };
}

describe('user/logins', () => {
  it('without the password: no login (none as the admin either); names the logins not tried and --password-stdin', async () => {
    // catches: without the password: the logins not tried, named, with how to try them (--password-stdin)
    const results = await run(await labUser('test1001'));
    expectEach(
      results,
      'ok',
      () => /test1001's own IMAP logins \(PLAIN, GSSAPI\) were not tried: give the password with --password-stdin$/,
    );
    for (const r of results) expect(r.evidence.filter((e) => /\bIMAP\b/.test(e.label))).toEqual([]);
  });

  it('with the password: test1001 logs in with PLAIN over STARTTLS and with Kerberos; the password is never shown', async () => {
    const user = await labUser('test1001', { withPassword: true });
    const results = await run(user);
    expectEach(
      results,
      'ok',
      (t) =>
        new RegExp(
          `test1001 logs in to imapd at ${t} \\(PLAIN over STARTTLS, \\d+ ms\\); test1001 logs in with Kerberos \\(GSSAPI, service imap@`,
        ),
    );
    for (const r of results) expect(r.steps.map((s) => s.status)).toEqual(['ok', 'ok']);
    expect(JSON.stringify(results)).not.toContain(user.target.password!.reveal());
  });

  it('a wrong password: CRIT, refused, and kinit with it says it is wrong; never shown', async () => {
    // catches: the user's password refused by imapd, with kinit's reason for the same password (wrong ...)
    const base = await labUser('test1001', { withPassword: true });
    const wrong = 'Not-The-Password-4712';
    const results = await run(withTarget(base, { ...base.target, password: new Secret(wrong, 'test') }));
    expectEach(
      results,
      'crit',
      (t) =>
        new RegExp(
          `IMAP login of test1001 at ${t} refused the credentials .*; kinit with the same password: wrong password for test1001@AD\\.EXAMPLE\\.COM`,
        ),
    );
    expect(JSON.stringify(results)).not.toContain(wrong);
  });

  it('test1090 (disabled) and test1091 (expired) with their passwords: refused, with the KDC reason', async () => {
    // catches: the user's password refused by imapd, with kinit's reason for the same password (... expired, disabled)
    const disabled = await labUser('test1090', { withPassword: true });
    expectEach(
      await run(disabled),
      'crit',
      () => /IMAP login of test1090 at .* refused the credentials .*test1090@AD\.EXAMPLE\.COM is disabled or locked/,
    );
    const expired = await labUser('test1091', { withPassword: true });
    const results = await run(expired);
    expectEach(
      results,
      'crit',
      () =>
        /IMAP login of test1091 at .* refused the credentials .*the password of test1091@AD\.EXAMPLE\.COM has expired/,
    );
    expect(JSON.stringify(results)).not.toContain(expired.target.password!.reveal());
  });

  it('fault saslauthd-down: servera CRIT naming saslauthd, serverb OK; OK after heal', async () => {
    const user = await labUser('test1001', { withPassword: true });
    await breakFault('saslauthd-down');
    let broken: Result[];
    try {
      broken = await run(user);
    } finally {
      await healFault('saslauthd-down');
    }
    // catches: saslauthd not running: every password login refused, named with its mechanism and socket
    const a = broken.find((r) => r.host === 'servera')!;
    expect(a.status, show(broken)).toBe('crit');
    expect(a.summary).toMatch(/^servera: saslauthd \(mech kerberos5, socket \S+\) is not running/);
    expect(broken.find((r) => r.host === 'serverb')?.status).toBe('ok');
    expectEach(await run(user), 'ok', () => /test1001 logs in to imapd/);
  });

  it('a login with CR/LF or NUL: refused before any connection', async () => {
    const base = await labUser('test1001');
    for (const login of ['test1001\r\nA1 LOGOUT', 'x\0y']) {
      const results = await run(withTarget(base, { ...base.target, login }));
      expectEach(results, 'unknown', () => /the login .* contains CR, LF or NUL: not sent to imapd$/);
      // the cluster's VIP decision may read the hosts; nothing reaches imapd
      for (const r of results) expect(r.evidence.filter((e) => /IMAP|:143/.test(e.label + e.text))).toEqual([]);
    }
  });

  it('hostile logins reach imapd only as SASL data: nothing runs on the hosts, imapd keeps serving, sentences stay short', async () => {
    const marker = '/tmp/oxdoctor-user-logins-injected';
    const base = await labUser('test1001', { withPassword: true });
    const logins = [`a b;touch ${marker}`, `*)(uid=*$(touch ${marker})`, 'tëst', `${'x'.repeat(9990)};touch ${marker}`];
    for (const login of logins) {
      const results = await run(withTarget(base, { ...base.target, login }));
      expect(results.map((r) => r.host).sort()).toEqual(['servera', 'serverb']);
      for (const r of results) {
        expect(r.summary.length, r.summary.slice(0, 300)).toBeLessThan(600);
        expect(JSON.stringify(r.steps)).not.toContain('x'.repeat(200));
      }
    }
    for (const host of ['servera', 'servera2', 'serverb'] as const)
      expect((await labExec(host, ['test', '-e', marker])).code).toBe(1);
    expectEach(await run(base), 'ok', () => /test1001 logs in to imapd/);
  });
});
