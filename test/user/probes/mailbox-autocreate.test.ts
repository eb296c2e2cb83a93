// Why user/mailbox asks the admin for the INBOX before logging in on the user's behalf: with cyrus' autocreate on
// (the seed's autocreatequota -1, the lab's autocreate_quota 0) such a login creates the INBOX of a user who has
// none. Shown on a real cyrus of this machine: the catalogue's mailbox/folders, run as the admin for a user without a
// mailbox (as `oxdoctor user` without a password would), creates it; user/mailbox leaves the server as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldersCheck } from '../../../checks/mailbox/folders.js';
import { parseAdUserEntry } from '../../../src/user/ad-entry.js';
import { mailboxProbe } from '../../../src/user/probes/mailbox.js';
import { makeContext } from '../../helpers/context.js';
import { ADMIN_PW, startMailboxCyrus, type MailboxCyrus } from '../../checks/mailbox/mailbox-cyrus.js';

let box: MailboxCyrus;
beforeAll(async () => {
  box = await startMailboxCyrus(['autocreate_quota: 0', 'autocreate_inbox_folders: Drafts|Sent Items|Junk|Trash']);
}, 60_000);
afterAll(() => box?.stop());

const context = (login: string) =>
  makeContext({
    host: { name: 'servera', roles: ['groupware'] },
    site: { ...box.site(login, null), imapAdmin: { login: 'cyrus', password: ADMIN_PW } },
    facts: box.facts(),
  });
const mailboxes = async (login: string) =>
  (await box.admin(`LIST "" "user/${login}*"`)).match(/^S: \* LIST .*$/gm) ?? [];

describe('a login on behalf of a user without a mailbox', () => {
  it("user/mailbox creates nothing: it says there is none (mail refused) and the server's list is unchanged", async () => {
    const entry = parseAdUserEntry({
      dn: 'CN=ghost1',
      objectClass: ['user'],
      sAMAccountName: 'ghost1',
      mail: 'ghost1@oxmail.example.com',
      extensionAttribute1: 'OX',
    });
    const target = {
      query: 'ghost1',
      login: 'ghost1',
      addresses: [],
      primary: undefined,
      entry,
      exchangeMailbox: false,
      forwardingContacts: [],
    };
    const outcome = await mailboxProbe(target).run(context('ghost1'));
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toMatch(/^servera: ghost1 has no mailbox \(user\/ghost1\)/);
    expect(await mailboxes('ghost1')).toEqual([]);
  });

  it('the catalogue check logging in as the admin for the user (SASL authzid) creates its INBOX and folders', async () => {
    expect(await mailboxes('ghost2')).toEqual([]);
    await foldersCheck.run(context('ghost2'));
    expect((await mailboxes('ghost2')).join('\n')).toMatch(/user\/ghost2\n.*user\/ghost2\/Drafts/);
  });
});
