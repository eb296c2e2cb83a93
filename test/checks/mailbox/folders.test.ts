// mailbox/folders against a real cyrus: the test user's special folders, from the seed's list and
// imapd.conf's autocreate_inbox_folders (the lab's imapd.conf, a real sample), and the seed folders that list lost.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldersCheck } from '../../../checks/mailbox/folders.js';
import { makeContext } from '../../helpers/context.js';
import { closedPort, silentServer } from '../../helpers/tcp.js';
import { startMailboxCyrus, WRONG_PW, type MailboxCyrus } from './mailbox-cyrus.js';

let box: MailboxCyrus;
beforeAll(async () => {
  box = await startMailboxCyrus();
}, 60_000);
afterAll(() => box?.stop());

// The lab's imapd.conf: cyrus 3.6 spelling, the seed's list on line 31.
const LAB_IMAPD = readFileSync(new URL('../../lab/hosts/groupware/files/etc/imapd.conf', import.meta.url), 'utf8');
const LIST = 'autocreate_inbox_folders: Drafts|Sent Items|Junk|Trash';
const withList = (list: string) => box.facts({ imapdConf: LAB_IMAPD.replace(LIST, list) });

const run = (
  login: string | null,
  options: Parameters<MailboxCyrus['site']>[1] = undefined,
  facts = box.facts({ imapdConf: LAB_IMAPD }),
) => foldersCheck.run(makeContext({ site: box.site(login, options), facts }));

describe('mailbox/folders', () => {
  it("is OK when the test user has Drafts, Sent Items, Junk and Trash, the seed's list and imapd.conf's", async () => {
    const outcome = await run('test1001');
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toBe(
      "test1001 has all 4 folders (Drafts, Sent Items, Junk, Trash; list from the deployment's list and " +
        '/etc/imapd.conf autocreate_inbox_folders (line 31))',
    );
  });

  it('is WARN when imapd.conf lost "Sent Items" though the mailbox still has it, with the line to set back', async () => {
    const outcome = await run('test1001', undefined, withList('autocreate_inbox_folders: Drafts|Junk|Trash'));
    expect(outcome.status).toBe('warn');
    // catches: imapd.conf's autocreate list lost a seed folder: users created from now on lack it
    expect(outcome.summary).toBe(
      'test1001 has all 4 folders (Drafts, Sent Items, Junk, Trash), but /etc/imapd.conf autocreate_inbox_folders ' +
        '(line 31) lacks "Sent Items", which the seed expects: users created from now on get no "Sent Items"',
    );
    expect(outcome.hint).toBe(
      'set "autocreate_inbox_folders: Drafts|Sent Items|Junk|Trash" in line 31 of /etc/imapd.conf, then restart ' +
        'cyrus-imapd; config/seed-drift names every such drift',
    );
  });

  it("is WARN naming all four when imapd.conf has no autocreate list (the test cyrus's own real imapd.conf)", async () => {
    const outcome = await run('test1001', undefined, box.facts());
    expect(outcome.status).toBe('warn');
    // catches: imapd.conf has no autocreate list: new users get none of the special folders
    expect(outcome.summary).toMatch(
      /autocreate_inbox_folders lacks "Drafts", "Sent Items", "Junk", "Trash", which the seed expects/,
    );
  });

  it("reads cyrus 2.3's spelling autocreateinboxfolders (the seed's RHEL5 imapd.conf)", async () => {
    const rhel5 =
      'configdirectory: /var/lib/imap\nunixhierarchysep: 1\nautocreateinboxfolders: Drafts|Sent Items|Junk|Trash\n';
    const outcome = await run('test1001', undefined, box.facts({ imapdConf: rhel5 }));
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toMatch(
      /list from the deployment's list and \/etc\/imapd\.conf autocreateinboxfolders \(line 3\)\)$/,
    );
  });

  it('is CRIT naming the missing folder, what the mailbox has and how to create it', async () => {
    const outcome = await run('test1002');
    expect(outcome.status).toBe('crit');
    // catches: a seed folder missing from the test user's mailbox (deleted, or never created)
    expect(outcome.summary).toBe(
      'test1002 lacks "Junk" (expected from the deployment\'s list and /etc/imapd.conf autocreate_inbox_folders; ' +
        'the mailbox has INBOX, INBOX/Drafts, INBOX/Sent Items, INBOX/Trash)',
    );
    expect(outcome.hint).toMatch(/^OX cannot file drafts, sent copies, spam or deleted mail there: create them /);
    expect(outcome.hint).toContain('cm "user/test1002/Junk"');
  });

  it('is CRIT when Sent Items is missing, the folder archive copies go to', async () => {
    const outcome = await run('test1003');
    expect(outcome.status).toBe('crit');
    // catches: no Sent Items in the mailbox: the folder sent copies and archive copies are filed in
    expect(outcome.summary).toMatch(/^test1003 lacks "Sent Items" \(/);
  });

  it('expects the folders imapd.conf autocreate_inbox_folders adds, and names that list as the source', async () => {
    const outcome = await run('test1001', undefined, withList(`${LIST}|Archive`));
    expect(outcome.status).toBe('crit');
    // catches: a folder imapd.conf's autocreate list adds is missing from the mailbox
    expect(outcome.summary).toMatch(
      /^test1001 lacks "Archive" \(expected from \/etc\/imapd\.conf autocreate_inbox_folders; the mailbox has [^;]*\)$/,
    );
  });

  it('is CRIT for a folder the mailbox lacks and names the seed folders imapd.conf lost as well', async () => {
    const outcome = await run('test1003', undefined, withList('autocreate_inbox_folders: Drafts | Junk | Trash'));
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toMatch(
      /^test1003 lacks "Sent Items" \(expected from the deployment's list; .*\); \/etc\/imapd\.conf autocreate_inbox_folders \(line 31\) lacks "Sent Items", which the seed expects$/,
    );
    expect(outcome.hint).toContain('set "autocreate_inbox_folders: Drafts|Sent Items|Junk|Trash" in line 31');
  });

  it("is OK through the admin's proxy login when only the imapAdmin is configured", async () => {
    const outcome = await foldersCheck.run(
      makeContext({ site: box.site('test1001', null, true), facts: withList(LIST) }),
    );
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toMatch(/^test1001 has all 4 folders/);
  });

  it("is CRIT when imapd refuses the test user's password", async () => {
    // The test cyrus's own imapd.conf (sasldb): the lab's would send the diagnosis to a saslauthd not running here.
    const outcome = await run('test1001', WRONG_PW, box.facts());
    expect(outcome.status).toBe('crit');
    // catches: the test user's password refused by imapd
    expect(outcome.summary).toMatch(/^IMAP login of test1001 at 127\.0\.0\.1:\d+ refused the credentials/);
  });

  it('is CRIT when nothing listens where cyrus.conf puts imapd', async () => {
    const dead = await closedPort();
    const cyrusConf = `SERVICES {\n  imap cmd="imapd" listen="127.0.0.1:${dead}" prefork=0\n}\n`;
    const outcome = await run('test1001', undefined, box.facts({ cyrusConf }));
    expect(outcome.status).toBe('crit');
    // catches: imapd not listening where cyrus.conf puts it: connection refused
    expect(outcome.summary).toContain(`IMAP login of test1001 at 127.0.0.1:${dead} refused the connection`);
  });

  it('is CRIT in time when imapd accepts the connection but never greets', async () => {
    const silent = await silentServer();
    try {
      const cyrusConf = `SERVICES {\n  imap cmd="imapd" listen="127.0.0.1:${silent.port}" prefork=0\n}\n`;
      const outcome = await foldersCheck.run(
        makeContext({ site: box.site('test1001'), facts: box.facts({ cyrusConf }), timeoutMs: 1500 }),
      );
      expect(outcome.status).toBe('crit');
      // catches: imapd accepts but never greets (maxchild reached or imapd hung)
      expect(outcome.summary).toMatch(/did not answer in time/);
    } finally {
      await silent.close();
    }
  });

  it('names saslauthd, not the folders, when imapd sends passwords to a saslauthd that is not running', async () => {
    const socket = `/nonexistent-oxdoctor-folders-${process.pid}/mux`;
    const imapdConf = `${box.imapdConfText}\nsasl_pwcheck_method: saslauthd\nsasl_saslauthd_path: ${socket}\n`;
    // The test cyrus checks its own sasldb: a refused password stands in for the refusal saslauthd's absence causes.
    const outcome = await run('test1001', WRONG_PW, box.facts({ imapdConf }));
    expect(outcome.status).toBe('crit');
    // catches: saslauthd down: every password login refused, the folders cannot be read
    expect(outcome.summary).toMatch(new RegExp(`^saslauthd \\((mech \\w+, )?socket ${socket}\\) is not running: `));
  });

  it("is CRIT naming every folder when the test user's mailbox does not exist (never provisioned or deleted)", async () => {
    // The admin logs in for a user cyrus has no mailbox of (this cyrus does not autocreate one).
    const outcome = await foldersCheck.run(
      makeContext({ site: box.site('test1404', null, true), facts: withList(LIST) }),
    );
    expect(outcome.status, outcome.summary).toBe('crit');
    // catches: the test user's mailbox does not exist (never provisioned, or deleted)
    expect(outcome.summary).toMatch(
      /^test1404 lacks "Drafts", "Sent Items", "Junk", "Trash" \(.*; the mailbox has no folders\)$/,
    );
  });

  it('is CRIT when the folders exist under other names (Sent, Spam: a client or OX made its own)', async () => {
    await box.admin('CREATE "user/test1005"');
    for (const f of ['Drafts', 'Sent', 'Spam', 'Trash']) await box.admin(`CREATE "user/test1005/${f}"`);
    const outcome = await foldersCheck.run(
      makeContext({ site: box.site('test1005', null, true), facts: withList(LIST) }),
    );
    expect(outcome.status).toBe('crit');
    // catches: folders created under other names (Sent, Spam) than the ones OX and the archive copy use
    expect(outcome.summary).toBe(
      'test1005 lacks "Sent Items", "Junk" (expected from the deployment\'s list and /etc/imapd.conf ' +
        'autocreate_inbox_folders; the mailbox has INBOX, INBOX/Drafts, INBOX/Sent, INBOX/Spam, INBOX/Trash)',
    );
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
