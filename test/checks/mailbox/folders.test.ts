// mailbox/folders against a real cyrus: the test user's special folders, from the seed's list or from
// imapd.conf's autocreate_inbox_folders.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldersCheck } from '../../../checks/mailbox/folders.js';
import { makeContext } from '../../helpers/context.js';
import { closedPort } from '../../helpers/tcp.js';
import { startMailboxCyrus, WRONG_PW, type MailboxCyrus } from './mailbox-cyrus.js';

let box: MailboxCyrus;
beforeAll(async () => {
  box = await startMailboxCyrus();
}, 60_000);
afterAll(() => box?.stop());

const run = (login: string | null, options: Parameters<MailboxCyrus['site']>[1] = undefined, facts = box.facts()) =>
  foldersCheck.run(makeContext({ site: box.site(login, options), facts }));

describe('mailbox/folders', () => {
  it("is OK when the test user has Drafts, Sent Items, Junk and Trash, the seed's list", async () => {
    const outcome = await run('test1001');
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toBe(
      "test1001 has all 4 folders (Drafts, Sent Items, Junk, Trash; list from the deployment's list)",
    );
  });

  it('is CRIT naming the missing folder, what the mailbox has and how to create it', async () => {
    const outcome = await run('test1002');
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toBe(
      'test1002 lacks "Junk" (expected from the deployment\'s list; ' +
        'the mailbox has INBOX, INBOX/Drafts, INBOX/Sent Items, INBOX/Trash)',
    );
    expect(outcome.hint).toMatch(/^OX cannot file drafts, sent copies, spam or deleted mail there: create them /);
    expect(outcome.hint).toContain('cm "user/test1002/Junk"');
  });

  it('is CRIT when Sent Items is missing, the folder archive copies go to', async () => {
    const outcome = await run('test1003');
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toMatch(/^test1003 lacks "Sent Items" \(/);
  });

  it('expects the folders imapd.conf autocreate_inbox_folders lists, and names that list as the source', async () => {
    const imapdConf = `${box.imapdConfText}autocreate_inbox_folders: Drafts | Sent Items | Archive\n`;
    const outcome = await run('test1001', undefined, box.facts({ imapdConf }));
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toMatch(
      /^test1001 lacks "Archive" \(expected from \/etc\/imapd\.conf autocreate_inbox_folders;/,
    );
  });

  it("is OK through the admin's proxy login when only the imapAdmin is configured", async () => {
    const outcome = await foldersCheck.run(makeContext({ site: box.site('test1001', null, true), facts: box.facts() }));
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toMatch(/^test1001 has all 4 folders/);
  });

  it("is CRIT when imapd refuses the test user's password", async () => {
    const outcome = await run('test1001', WRONG_PW);
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toMatch(/^IMAP login of test1001 at 127\.0\.0\.1:\d+ refused the credentials/);
  });

  it('is CRIT when nothing listens where cyrus.conf puts imapd', async () => {
    const dead = await closedPort();
    const cyrusConf = `SERVICES {\n  imap cmd="imapd" listen="127.0.0.1:${dead}" prefork=0\n}\n`;
    const outcome = await run('test1001', undefined, box.facts({ cyrusConf }));
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toContain(`IMAP login of test1001 at 127.0.0.1:${dead} refused the connection`);
  });

  it('is UNKNOWN naming the config key when no testUser is configured', async () => {
    const outcome = await run(null);
    expect(outcome.status).toBe('unknown');
    expect(outcome.summary).toBe('not configured: testUser (the test user to log in as)');
  });

  it('is UNKNOWN when the test user has neither a password nor an imapAdmin to log in for it', async () => {
    const outcome = await run('test1001', null);
    expect(outcome.status).toBe('unknown');
    expect(outcome.summary).toMatch(/^not configured: testUser\.password /);
  });
});
