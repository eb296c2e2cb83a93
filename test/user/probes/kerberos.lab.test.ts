// user/kerberos on the lab: the KDC asked before pre-authentication from each groupware host (no password), and the
// real kinit with the password; the lab's kinds of Kerberos account, the faults kdc-down and expired-password, and
// hostile logins asserted at the KDC and on the hosts.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../src/core/result.js';
import { kerberosProbe } from '../../../src/user/probes/kerberos.js';
import { siteForUser, type UserTarget } from '../../../src/user/target.js';
import { breakFault, healFault, labExec } from '../../lab/lab.js';
import { labUser, runForUser, type LabUser } from '../lab-user.js';

const HOSTS = ['servera', 'servera2', 'serverb'];
const KDC = '127.0.10.10:88';

function show(results: readonly Result[]): string {
  return results.map((r) => `${r.host}: ${r.status} ${r.summary}`).join('\n');
}

function run(user: LabUser): Promise<Result[]> {
  return runForUser(user, [kerberosProbe(user.target)]);
}

// Every groupware host says the same, with its own name first.
function expectAll(results: readonly Result[], status: string, summary: RegExp): void {
  expect(results.map((r) => r.host).sort(), show(results)).toEqual(HOSTS);
  for (const r of results) {
    expect(r.check).toBe('user/kerberos');
    expect(r.status, show(results)).toBe(status);
    expect(r.summary, show(results)).toMatch(new RegExp(`^${r.host}: ${summary.source}`));
    if (status !== 'ok') expect(r.hint, show(results)).toBeTruthy();
  }
}

// The user test1001 as AD has it, under another login (the probe only reads target.login).
function asLogin(base: LabUser, login: string): LabUser {
  const target: UserTarget = { ...base.target, login };
  return { site: base.site, userSite: siteForUser(base.site, target), target };
}

let test1001: LabUser;
beforeAll(async () => {
  test1001 = await labUser('test1001');
}, 60_000);

describe('user/kerberos without the password', () => {
  it('test1001: the KDC knows it and asks for pre-authentication; says the password was not tried', async () => {
    const results = await run(test1001);
    expectAll(
      results,
      'ok',
      new RegExp(
        `the KDC \\(${KDC}\\) knows test1001@AD\\.EXAMPLE\\.COM and asks for its password: not unknown, disabled or locked; the password was not tried \\(.*--password-stdin\\)$`,
      ),
    );
    for (const r of results) {
      expect(r.steps.map((s) => s.name)).toEqual(['KDC before pre-authentication']);
      // The question was asked with nothing on stdin: kinit got as far as the password prompt.
      expect(r.evidence.some((e) => /Additional pre-authentication required/.test(e.text))).toBe(true);
    }
  });

  it('test1090 (disabled, -allow_tix): CRIT, disabled or locked, quoting the KDC', async () => {
    // catches: account disabled or locked: the KDC says its credentials are revoked
    expectAll(
      await run(await labUser('test1090')),
      'crit',
      /kinit before pre-authentication: test1090@AD\.EXAMPLE\.COM is disabled or locked .*\("Client's credentials have been revoked \(krb5 error -1765328366\)"\)$/,
    );
  });

  it('test1091 (password expired in the KDC): CRIT, the password has expired', async () => {
    // catches: password expired, where the KDC says so before pre-authentication
    const results = await run(await labUser('test1091'));
    expectAll(
      results,
      'crit',
      /kinit before pre-authentication: the password of test1091@AD\.EXAMPLE\.COM has expired/,
    );
    expect(results[0]!.hint).toMatch(/change the password/);
  });

  it('a login the KDC does not have: CRIT, unknown principal', async () => {
    // catches: unknown principal: the KDC has no such user
    expectAll(
      await run(asLogin(test1001, 'nosuchuser4711')),
      'crit',
      /kinit before pre-authentication: unknown principal nosuchuser4711@AD\.EXAMPLE\.COM/,
    );
  });

  it('fault expired-password: test1001 CRIT naming the expired password; OK after heal', async () => {
    await breakFault('expired-password');
    let broken: Result[];
    try {
      broken = await run(test1001);
    } finally {
      await healFault('expired-password');
    }
    expectAll(broken, 'crit', /kinit before pre-authentication: the password of test1001@AD\.EXAMPLE\.COM has expired/);
    expectAll(await run(test1001), 'ok', /the KDC .* knows test1001@AD\.EXAMPLE\.COM/);
  });

  it('fault account-expired: test1001 CRIT naming the expired account, with and without the password; OK after heal', async () => {
    const withPassword = await labUser('test1001', { withPassword: true });
    await breakFault('account-expired');
    let broken: Result[];
    let brokenWithPassword: Result[];
    try {
      broken = await run(test1001);
      brokenWithPassword = await run(withPassword);
    } finally {
      await healFault('account-expired');
    }
    // catches: account expired (KDC_ERR_NAME_EXP)
    const said =
      /the account test1001@AD\.EXAMPLE\.COM has expired .*\("Client's entry in database has expired \(krb5 error -1765328383\)"\)$/;
    expectAll(broken, 'crit', new RegExp(`kinit before pre-authentication: ${said.source}`));
    expectAll(brokenWithPassword, 'crit', new RegExp(`kinit before pre-authentication: ${said.source}`));
    expect(broken[0]!.hint).toMatch(/Set-ADAccountExpiration/);
    expectAll(await run(test1001), 'ok', /the KDC .* knows test1001@AD\.EXAMPLE\.COM/);
  });

  it('fault kdc-down: CRIT naming the host and the KDC it cannot reach; OK after heal', async () => {
    await breakFault('kdc-down');
    let broken: Result[];
    try {
      broken = await run(test1001);
    } finally {
      await healFault('kdc-down');
    }
    // catches: no KDC of krb5.conf answers: cannot contact any KDC
    expectAll(
      broken,
      'crit',
      /kinit before pre-authentication: (servera|servera2|serverb) cannot contact any KDC \(127\.0\.10\.10:88\)/,
    );
    expect(broken[0]!.hint).toMatch(/port 88/);
    expectAll(await run(test1001), 'ok', /the KDC .* knows test1001@AD\.EXAMPLE\.COM/);
  });
});

describe('user/kerberos with the password', () => {
  it('test1001: a real ticket on each groupware host, after the KDC asked for pre-authentication; no password shown', async () => {
    const user = await labUser('test1001', { withPassword: true });
    const results = await run(user);
    expectAll(results, 'ok', /test1001@AD\.EXAMPLE\.COM got a ticket from 127\.0\.10\.10:88 in \d+ ms/);
    for (const r of results) {
      expect(r.steps.map((s) => [s.name, s.status])).toEqual([
        ['KDC before pre-authentication', 'ok'],
        ['kinit with the password', 'ok'],
      ]);
      expect(r.metrics.map((m) => m.label)).toContain('kinit_time');
    }
    expect(JSON.stringify(results)).not.toContain(user.target.password!.reveal());
  });

  it('a wrong password: CRIT naming the wrong password, not shown anywhere', async () => {
    // catches: with the password: wrong password (identity/kinit as this user)
    const base = await labUser('test1001', { withPassword: true });
    const { Secret } = await import('../../../src/core/redact.js');
    const wrong = new Secret('Not-The-Password-4711', 'test');
    const target: UserTarget = { ...base.target, password: wrong };
    const results = await run({ site: base.site, userSite: siteForUser(base.site, target), target });
    expectAll(results, 'crit', /kinit with the password: wrong password for test1001@AD\.EXAMPLE\.COM/);
    expect(JSON.stringify(results)).not.toContain('Not-The-Password-4711');
    expect(JSON.stringify(results)).not.toContain(base.target.password!.reveal());
  });

  it('test1091 with its password: CRIT from the KDC before pre-authentication; the password not sent nor shown', async () => {
    const user = await labUser('test1091', { withPassword: true });
    const results = await run(user);
    expectAll(
      results,
      'crit',
      /kinit before pre-authentication: the password of test1091@AD\.EXAMPLE\.COM has expired/,
    );
    for (const r of results) expect(r.steps.map((s) => s.name)).toEqual(['KDC before pre-authentication']);
    expect(JSON.stringify(results)).not.toContain(user.target.password!.reveal());
  });
});

describe('user/kerberos with hostile logins', () => {
  const marker = '/tmp/oxdoctor-user-kinit-injected';

  it('reach the KDC verbatim as one unknown name of the realm and run nothing on the hosts', async () => {
    const logins = [
      `a b;touch ${marker}`,
      `*)(uid=*;$(touch ${marker})`,
      `\`touch ${marker}\`@EVIL.ORG/admin`,
      'tëst-ünïcode',
      '-V',
    ];
    for (const login of logins) {
      const results = await run(asLogin(test1001, login));
      expectAll(results, 'crit', /kinit before pre-authentication: unknown principal /);
    }
    const log = await labExec('ad', ['tail', '-n', '300', '/var/log/krb5kdc.log']);
    const escaped = (login: string) => login.replace(/[\\@/]/g, (c) => `\\${c}`);
    for (const login of logins)
      expect(log.stdout).toContain(`CLIENT_NOT_FOUND: ${escaped(login)}@AD.EXAMPLE.COM for krbtgt/`);
    for (const host of ['servera', 'servera2', 'serverb'] as const)
      expect((await labExec(host, ['test', '-e', marker])).code).toBe(1);
  });

  it('a 10,000-character login is asked about and refused, nothing runs', async () => {
    const login = `${'x'.repeat(9980)};touch ${marker}`;
    const results = await run(asLogin(test1001, login));
    expect(results.map((r) => r.host).sort()).toEqual(HOSTS);
    for (const r of results) {
      expect(r.status).toBe('crit');
      // one readable sentence: the login shown by its start and length
      expect(r.summary).toMatch(/unknown principal x{60}\.\.\. \(\d+ characters\)/);
      expect(r.summary.length).toBeLessThan(300);
    }
    for (const host of ['servera', 'servera2', 'serverb'] as const)
      expect((await labExec(host, ['test', '-e', marker])).code).toBe(1);
  });

  it('CR/LF and NUL in a login: refused before kinit, nothing asked', async () => {
    for (const login of ['test1001\r\nid', 'test1001\nx', 'test1001\0x']) {
      const results = await run(asLogin(test1001, login));
      expectAll(results, 'unknown', /the login .* contains CR, LF or NUL: not passed to kinit$/);
      for (const r of results) expect(r.evidence.some((e) => /kinit/.test(e.label))).toBe(false);
    }
  });
});
