// saslauthd stopped on servera: the IMAP login is "refused the credentials" while kinit with the same password
// works. The mailbox checks must name saslauthd (mechanism and socket from the host) and never the password.
import { beforeAll, describe, expect, it } from 'vitest';
import type { SiteConfig } from '../../../src/config/types.js';
import type { Result } from '../../../src/core/result.js';
import { foldersCheck } from '../../../checks/mailbox/folders.js';
import { imapLoginCheck } from '../../../checks/mailbox/imap-login/index.js';
import { sentAclCheck } from '../../../checks/mailbox/sent-acl.js';
import { breakFault, healFault } from '../../lab/lab.js';
import { labSite, runChecks, show } from './run.js';

let site: SiteConfig;
beforeAll(async () => {
  site = await labSite();
});

const CAUSE =
  "saslauthd (mech kerberos5, socket /run/saslauthd/mux) is not running: every IMAP password login on servera fails (test1001's password is good: kinit test1001@AD.EXAMPLE.COM gets a ticket)";

describe('saslauthd-down', () => {
  it('imap-login, folders and sent-acl on servera name saslauthd, its mechanism and socket, not the password', async () => {
    const chosen = [imapLoginCheck, foldersCheck, sentAclCheck];
    await breakFault('saslauthd-down');
    let broken: Result[];
    try {
      broken = await runChecks(site, chosen);
    } finally {
      await healFault('saslauthd-down');
    }
    for (const check of ['mailbox/imap-login', 'mailbox/folders', 'mailbox/sent-acl']) {
      const r = broken.find((x) => x.check === check && x.host === 'servera')!;
      expect(r.status, show(broken)).toBe('crit');
      expect(r.summary).toBe(CAUSE);
      expect(r.hint).toMatch(/^start saslauthd on servera \(service saslauthd start; chkconfig saslauthd on\)/);
      expect(r.hint).not.toMatch(/password in the config|wrong password/i);
      expect(r.summary.includes('\n')).toBe(false);
    }
    // The kinit that proved the password is in the evidence, without the password.
    const login = broken.find((x) => x.check === 'mailbox/imap-login' && x.host === 'servera')!;
    expect(login.evidence.some((e) => /kinit -- test1001@AD\.EXAMPLE\.COM/.test(e.label))).toBe(true);
    expect(
      broken.filter((r) => r.host === 'serverb' && r.status !== 'ok'),
      show(broken),
    ).toEqual([]);

    const healed = await runChecks(site, chosen);
    expect(
      healed.filter((r) => r.status !== 'ok'),
      show(healed),
    ).toEqual([]);
  }, 180_000);
});

// Faults of Kerberos behind saslauthd: the refused IMAP login names the account's or the KDC's state.
describe('refused IMAP logins traced through kinit', () => {
  const loginUnder = async (fault: string): Promise<{ broken: Result[]; healed: Result[] }> => {
    await breakFault(fault);
    let broken: Result[];
    try {
      broken = await runChecks(site, [imapLoginCheck]);
    } finally {
      await healFault(fault);
    }
    return { broken, healed: await runChecks(site, [imapLoginCheck]) };
  };

  it('expired-password: imap-login says the password has expired, with the fix', async () => {
    // catches: the test user's password expired in the KDC (kinit with the same password says so)
    const { broken, healed } = await loginUnder('expired-password');
    for (const host of ['servera', 'serverb']) {
      const r = broken.find((x) => x.host === host)!;
      expect(r.status, show(broken)).toBe('crit');
      expect(r.summary).toMatch(
        /^IMAP login of test1001 at \S+ refused the credentials .*; kinit with the same password: the password of test1001@AD\.EXAMPLE\.COM has expired$/,
      );
      expect(r.hint).toMatch(/kpasswd/);
    }
    expect(
      healed.filter((r) => r.status !== 'ok'),
      show(healed),
    ).toEqual([]);
  }, 180_000);

  it('kdc-down: imap-login says saslauthd cannot check passwords because no KDC answers', async () => {
    // catches: the KDC unreachable behind saslauthd -a kerberos5
    const { broken, healed } = await loginUnder('kdc-down');
    const r = broken.find((x) => x.host === 'servera')!;
    expect(r.status, show(broken)).toBe('crit');
    expect(r.summary).toBe(
      'imapd refused test1001: saslauthd (mech kerberos5, socket /run/saslauthd/mux) cannot check passwords with Kerberos: servera cannot contact any KDC (127.0.10.10:88) (kinit with the same password fails alike)',
    );
    expect(r.hint).toMatch(/port 88/);
    expect(
      healed.filter((r) => r.status !== 'ok'),
      show(healed),
    ).toEqual([]);
  }, 180_000);
});
