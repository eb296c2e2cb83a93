// Kerberos (GSSAPI) logins of the test user at the lab's cyrus, which offers AUTH=GSSAPI with the host's
// imap/<servername> key: OK on both groupware hosts; with the key gone from cyrus' keytab, CRIT naming it.
import { beforeAll, describe, expect, it } from 'vitest';
import { imapLoginCheck } from '../../../checks/mailbox/imap-login/index.js';
import type { SiteConfig } from '../../../src/config/types.js';
import { labExec } from '../../lab/lab.js';
import { labSite, runChecks, show } from './run.js';

let site: SiteConfig;
beforeAll(async () => {
  site = await labSite();
});

describe('mailbox/imap-login with Kerberos (GSSAPI) on the lab', () => {
  it('logs the test user in with PLAIN and with GSSAPI on servera and serverb, token bytes and password never shown', async () => {
    const results = await runChecks(site, [imapLoginCheck]);
    expect(
      results.map((r) => r.status),
      show(results),
    ).toEqual(['ok', 'ok']);
    const a = results.find((r) => r.host === 'servera')!;
    expect(a.summary).toMatch(/test1001 logs in with Kerberos \(GSSAPI, service imap@node8888\.example\.com, \d+ ms\)/);
    const transcript =
      a.evidence.find((e) =>
        e.label.startsWith('IMAP GSSAPI login of test1001@AD.EXAMPLE.COM as imap@node8888.example.com'),
      )?.text ?? '';
    expect(transcript).toMatch(/C: A\d AUTHENTICATE GSSAPI <\d+ bytes>/);
    expect(transcript).toMatch(/S: A\d OK/);
    expect(JSON.stringify(results)).not.toContain(site.testUser!.password!.reveal());
  }, 60_000);

  it("is CRIT naming the keytab when cyrus cannot read imap/<servername>'s key, and OK once it is back", async () => {
    const keytab = '/var/lib/imap/imap.keytab';
    expect((await labExec('servera', ['mv', keytab, `${keytab}.moved`])).code).toBe(0);
    let broken;
    try {
      broken = await runChecks(site, [imapLoginCheck]);
    } finally {
      await labExec('servera', ['mv', `${keytab}.moved`, keytab]);
    }
    const a = broken.find((r) => r.host === 'servera')!;
    expect(a.status, show(broken)).toBe('crit');
    expect(a.summary).toMatch(
      /imapd at 127\.0\.10\.2:143 refuses test1001's Kerberos \(GSSAPI\) login although test1001@AD\.EXAMPLE\.COM got a ticket/,
    );
    expect(a.hint).toMatch(/imap\/node8888\.example\.com in the keytab cyrus reads/);
    expect(broken.find((r) => r.host === 'serverb')?.status).toBe('ok');
    const healed = await runChecks(site, [imapLoginCheck]);
    expect(
      healed.map((r) => r.status),
      show(healed),
    ).toEqual(['ok', 'ok']);
  }, 60_000);
});
