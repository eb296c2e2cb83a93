// cyrus-imapd on servera and serverb: Kerberos logins through saslauthd, the seed's autocreated folders,
// setpostacl's `anyone p` on Sent Items and what it changes for plus-addressed delivery, the default sieve script.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LAB_ADDRESSES, breakFault, healFault, labExec, labPaths } from './lab.js';
import { imapQuote, imapRun, lmtpDeliver, sieveListScripts } from './mail-clients.js';

const USER = 'test1001';
const EXPIRED = 'test1091';
const DISABLED = 'test1090';
const HOSTS = [LAB_ADDRESSES.servera, LAB_ADDRESSES.serverb];
const SENT = imapQuote('INBOX/Sent Items');

let secrets = '';
const password = (login: string): Promise<string> =>
  readFile(path.join(secrets, `${login}.pw`), 'utf8').then((s) => s.trim());

// The ACL of the user's Sent Items as the "* ACL" line lists it.
async function sentAcl(host: string): Promise<string> {
  const { login, replies } = await imapRun(host, USER, await password(USER), [`GETACL ${SENT}`]);
  expect(login.status).toBe('OK');
  return replies[0]?.untagged.find((l) => l.startsWith('* ACL')) ?? '';
}

// How many messages with this subject a folder of the test user holds.
async function countBySubject(host: string, folder: string, subject: string): Promise<number> {
  const { replies } = await imapRun(host, USER, await password(USER), [
    `EXAMINE ${imapQuote(folder)}`,
    `SEARCH SUBJECT ${imapQuote(subject)}`,
  ]);
  const hits = replies[1]?.untagged.find((l) => l.startsWith('* SEARCH')) ?? '* SEARCH';
  return hits.split(' ').length - 2;
}

async function deliverToSentItems(host: string, subject: string): Promise<void> {
  const message = `From: ${USER}@example.com\nTo: someone@example.org\nSubject: ${subject}\n\nsent copy\n`;
  const reply = await lmtpDeliver(host, 24, `${USER}@example.com`, `${USER}+sent_items@oxmail.example.com`, message);
  expect(reply.rcpt).toMatch(/^250/);
  expect(reply.data).toMatch(/^250/);
}

beforeAll(async () => {
  secrets = (await labPaths()).secrets;
});

describe('cyrus logins go through saslauthd to the KDC', () => {
  it.each(HOSTS)('the test user logs in on %s and sees Drafts, Sent Items, Junk and Trash subscribed', async (host) => {
    const { login, replies } = await imapRun(host, USER, await password(USER), ['LSUB "" "*"']);
    expect(login.status).toBe('OK');
    const folders = replies[0]?.untagged.map((l) => l.replace(/^\* LSUB \([^)]*\) "\/" /, '')) ?? [];
    expect(folders).toEqual(
      expect.arrayContaining(['INBOX/Drafts', '"INBOX/Sent Items"', 'INBOX/Junk', 'INBOX/Trash']),
    );
  });

  it('a wrong password, an expired password and a disabled account all fail to log in', async () => {
    const wrong = await imapRun(LAB_ADDRESSES.servera, USER, `${await password(USER)}x`, []);
    const expired = await imapRun(LAB_ADDRESSES.servera, EXPIRED, await password(EXPIRED), []);
    const disabled = await imapRun(LAB_ADDRESSES.servera, DISABLED, await password(DISABLED), []);
    expect([wrong.login.status, expired.login.status, disabled.login.status]).toEqual(['NO', 'NO', 'NO']);
  });
});

describe('setpostacl and the archive copy into Sent Items', () => {
  beforeEach(async () => {
    await healFault('sent-items-no-post-acl');
  });
  afterAll(async () => {
    await healFault('sent-items-no-post-acl');
  });

  it('GETACL shows anyone p on Sent Items after setpostacl ran, and not before', async () => {
    await breakFault('sent-items-no-post-acl');
    expect(await sentAcl(LAB_ADDRESSES.serverb)).not.toMatch(/\banyone p\b/);
    const run = await labExec('serverb', ['/opt/open-xchange/sbin/setpostacl']);
    expect(run.code).toBe(0);
    expect(await sentAcl(LAB_ADDRESSES.serverb)).toMatch(/\banyone p\b/);
  });

  it('a copy to user+sent_items lands in Sent Items with the ACL and in INBOX without it', async () => {
    const host = LAB_ADDRESSES.serverb;
    const tag = `${Date.now()}-${process.pid}`;
    await deliverToSentItems(host, `with-acl ${tag}`);
    expect(await countBySubject(host, 'INBOX/Sent Items', `with-acl ${tag}`)).toBe(1);
    expect(await countBySubject(host, 'INBOX', `with-acl ${tag}`)).toBe(0);

    await breakFault('sent-items-no-post-acl');
    await deliverToSentItems(host, `without-acl ${tag}`);
    expect(await countBySubject(host, 'INBOX/Sent Items', `without-acl ${tag}`)).toBe(0);
    expect(await countBySubject(host, 'INBOX', `without-acl ${tag}`)).toBe(1);
  });
});

describe('sieve', () => {
  it('copyjunkfilter left the default OX script active for the test user', async () => {
    const scripts = await sieveListScripts(LAB_ADDRESSES.servera, 2000, USER, await password(USER));
    expect(scripts).toContain('"Open-Xchange" ACTIVE');
  });
});
