// mailbox/sent-acl against a real cyrus: GETACL on the test user's Sent Items, as setpostacl leaves it or not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sentAclCheck } from '../../../checks/mailbox/sent-acl.js';
import type { Secret } from '../../../src/core/redact.js';
import { makeContext } from '../../helpers/context.js';
import { closedPort } from '../../helpers/tcp.js';
import { startMailboxCyrus, WRONG_PW, type MailboxCyrus } from './mailbox-cyrus.js';

let box: MailboxCyrus;
beforeAll(async () => {
  box = await startMailboxCyrus();
}, 60_000);
afterAll(() => box?.stop());

const run = (login: string | null, password?: Secret | null, admin = false) =>
  sentAclCheck.run(makeContext({ site: box.site(login, password, admin), facts: box.facts() }));

describe('mailbox/sent-acl', () => {
  it('is OK when Sent Items grants anyone p, as setpostacl sets it', async () => {
    const outcome = await run('test1001');
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toMatch(/^"INBOX\/Sent Items" of test1001 grants anyone p \(.*anyone p.*\)$/);
  });

  it('is CRIT when Sent Items lacks anyone p, naming the consequence for archive copies and setpostacl', async () => {
    const outcome = await run('test1002');
    expect(outcome.status).toBe('crit');
    // catches: the test user's Sent Items lacks "anyone p": archive copies land in INBOX
    expect(outcome.summary).toMatch(
      /^"INBOX\/Sent Items" of test1002 lacks "anyone p" \(ACL: test1002 [a-z]+\): archive copies/,
    );
    expect(outcome.summary).toContain('land in INBOX instead');
    expect(outcome.hint).toBe('run /opt/open-xchange/sbin/setpostacl on testhost and check its line in /etc/cron.d/ox');
  });

  it('is CRIT when the test user has no Sent Items folder at all', async () => {
    const outcome = await run('test1003');
    expect(outcome.status).toBe('crit');
    // catches: the test user has no Sent Items folder at all
    expect(outcome.summary).toMatch(
      /^GETACL "INBOX\/Sent Items" of test1003 at 127\.0\.0\.1:\d+ failed: NO .*not exist/i,
    );
    expect(outcome.hint).toMatch(/^the folder is missing: archive copies .*; create it, then run .*setpostacl/);
  });

  it("reads the ACL through the admin's proxy login when only the imapAdmin is configured", async () => {
    const outcome = await run('test1002', null, true);
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toMatch(/^"INBOX\/Sent Items" of test1002 lacks "anyone p"/);
  });

  it("is CRIT when imapd refuses the test user's password", async () => {
    const outcome = await run('test1001', WRONG_PW);
    expect(outcome.status).toBe('crit');
    // catches: imapd refuses the test user's password
    expect(outcome.summary).toMatch(/^IMAP login of test1001 at 127\.0\.0\.1:\d+ refused the credentials/);
  });

  it('is CRIT when nothing listens where cyrus.conf puts imapd', async () => {
    const dead = await closedPort();
    const cyrusConf = `SERVICES {\n  imap cmd="imapd" listen="127.0.0.1:${dead}" prefork=0\n}\n`;
    const outcome = await sentAclCheck.run(
      makeContext({ site: box.site('test1001'), facts: box.facts({ cyrusConf }) }),
    );
    expect(outcome.status).toBe('crit');
    // catches: imapd down: connection refused
    expect(outcome.summary).toContain(`IMAP login of test1001 at 127.0.0.1:${dead} refused the connection`);
  });

  it('is UNKNOWN naming the config key when no testUser is configured', async () => {
    const outcome = await run(null);
    expect(outcome.status).toBe('unknown');
    expect(outcome.summary).toBe('not configured: testUser (the test user to log in as)');
    expect(outcome.hint).toMatch(/^set testUser in the oxdoctor config/);
  });
});
