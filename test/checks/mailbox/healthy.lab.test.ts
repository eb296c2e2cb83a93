// The mailbox checks on the healthy lab: the test user logs in, has its folders, Sent Items ACL and sieve script.
import { beforeAll, describe, expect, it } from 'vitest';
import type { SiteConfig } from '../../../src/config/types.js';
import { Secret } from '../../../src/core/redact.js';
import { labExec } from '../../lab/lab.js';
import { foldersCheck } from '../../../checks/mailbox/folders.js';
import { imapLoginCheck } from '../../../checks/mailbox/imap-login/index.js';
import { sentAclCheck } from '../../../checks/mailbox/sent-acl.js';
import { sentAclSweepCheck } from '../../../checks/mailbox/sent-acl-sweep/index.js';
import { sieveScriptCheck } from '../../../checks/mailbox/sieve-script.js';
import { labSite, runChecks, show } from './run.js';

let site: SiteConfig;
beforeAll(async () => {
  site = await labSite();
});

describe('mailbox checks on the healthy lab', () => {
  it('are OK on both groupware hosts, and the sweep on the archive host', async () => {
    const results = await runChecks(site, [
      imapLoginCheck,
      foldersCheck,
      sentAclCheck,
      sieveScriptCheck,
      sentAclSweepCheck,
    ]);
    expect(
      results.filter((r) => r.status !== 'ok'),
      show(results),
    ).toEqual([]);
    expect(
      results
        .filter((r) => r.check === 'mailbox/imap-login')
        .map((r) => r.host)
        .sort(),
    ).toEqual(['servera', 'serverb']);
    expect(results.find((r) => r.check === 'mailbox/sent-acl-sweep')?.host).toBe('serverb');
    const login = results.find((r) => r.check === 'mailbox/imap-login' && r.host === 'servera')!;
    expect(login.summary).toMatch(/test1001 logs in to imapd at 127\.0\.10\.2:143 \(PLAIN over STARTTLS, \d+ ms\)/);
    expect(results.find((r) => r.check === 'mailbox/sieve-script')?.summary).toMatch(
      /active sieve script "Open-Xchange"/,
    );
    expect(results.find((r) => r.check === 'mailbox/sent-acl-sweep')?.summary).toMatch(
      /all \d+ users' Sent Items grant "anyone p" \(json dump\); \/etc\/cron\.d\/ox runs setpostacl/,
    );
    const password = site.testUser!.password!.reveal();
    for (const r of results) expect(JSON.stringify(r)).not.toContain(password);
  }, 120_000);
});

describe('mailbox/imap-login with bad or hostile credentials', () => {
  const withUser = (login: string, password = site.testUser!.password!): SiteConfig => ({
    ...site,
    testUser: { ...site.testUser!, login, password },
  });

  it('names a wrong password as refused credentials that kinit refuses too, with the password hint', async () => {
    const results = await runChecks(withUser('test1001', new Secret('not-the-password', 'test')), [imapLoginCheck]);
    for (const r of results) {
      expect(r.status, show(results)).toBe('crit');
      expect(r.summary).toMatch(
        /^IMAP login of test1001 at 127\.0\.10\.\d:143 refused the credentials .*; kinit with the same password: wrong password for test1001@AD\.EXAMPLE\.COM/,
      );
      expect(r.hint).toMatch(/^check the test user's configured password/);
    }
  }, 60_000);

  it('sends hostile login names as data only: every login fails and nothing runs on the server', async () => {
    for (const login of ['*)(uid=*', ';touch /tmp/oxdoctor-imap-injected', 'tëst1001']) {
      const results = await runChecks(withUser(login), [imapLoginCheck]);
      expect(
        results.map((r) => r.status),
        show(results),
      ).toEqual(['crit', 'crit']);
      expect(results.every((r) => /refused the credentials/.test(r.summary))).toBe(true);
    }
    const injected = await labExec('servera', ['test', '-e', '/tmp/oxdoctor-imap-injected']);
    expect(injected.code).toBe(1);
  }, 90_000);

  it('refuses a login name with CR/LF before connecting anywhere', async () => {
    const results = await runChecks(withUser('test1001\r\nA9 LOGOUT'), [imapLoginCheck]);
    expect(results.map((r) => r.status)).toEqual(['unknown', 'unknown']);
    expect(results[0]?.summary).toMatch(/contains CR, LF or NUL: refusing to send it/);
  }, 60_000);
});
