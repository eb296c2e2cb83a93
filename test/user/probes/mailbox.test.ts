// user/mailbox against a real cyrus of this machine (test/checks/mailbox/mailbox-cyrus.ts: test1001 as the seed
// leaves it, test1002 without Junk, "anyone p" and an active script, test1003 without Sent Items and scripts),
// read as the cyrus admin with no user password; and what imapflow cannot do for it (GETACL, a LIST pattern).
import { readFileSync } from 'node:fs';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/core/host.js';
import { Secret } from '../../../src/core/redact.js';
import { parseAdUserEntry } from '../../../src/user/ad-entry.js';
import { mailboxProbe } from '../../../src/user/probes/mailbox.js';
import type { UserTarget } from '../../../src/user/target.js';
import { listSieveScripts } from '../../../src/protocols/sieve-session.js';
import { makeContext } from '../../helpers/context.js';
import { tcpOpener } from '../../helpers/tcp.js';
import { ADMIN_PW, USER_PW, startMailboxCyrus, type MailboxCyrus } from '../../checks/mailbox/mailbox-cyrus.js';

let box: MailboxCyrus;
beforeAll(async () => {
  box = await cyrusWithScripts();
}, 120_000);

// startMailboxCyrus now and then comes up without the sieve scripts it put (about 1 start in 4 here, which fails
// test/checks/mailbox/sieve-script.test.ts alike, also for the user's own login): start again until they are there.
async function cyrusWithScripts(): Promise<MailboxCyrus> {
  for (let attempt = 1; ; attempt++) {
    const started = await startMailboxCyrus();
    const seen = await listSieveScripts(tcpOpener(started.cyrus.sievePort), { login: 'test1001', password: USER_PW });
    if (seen.ok && seen.value.scripts.some((s) => s.active)) return started;
    await started.stop();
    if (attempt === 4) throw new Error(`the test cyrus lost its sieve scripts 4 times: ${seen.transcript.join('\n')}`);
  }
}
afterAll(() => box?.stop());

// The lab's imapd.conf (cyrus 3.6 with the seed's autocreate list): a real sample of what the probe reads.
const LAB_IMAPD = readFileSync(new URL('../../lab/hosts/groupware/files/etc/imapd.conf', import.meta.url), 'utf8');

function target(login: string, ext1: string | undefined = 'OX'): UserTarget {
  const mail = `${login}@oxmail.example.com`;
  const entry = parseAdUserEntry({
    dn: `CN=${login},DC=example,DC=com`,
    objectClass: ['user'],
    sAMAccountName: login,
    mail,
    proxyAddresses: [`SMTP:${mail}`],
    ...(ext1 ? { extensionAttribute1: ext1 } : {}),
  });
  return {
    query: login,
    login,
    addresses: [mail],
    primary: mail,
    entry,
    exchangeMailbox: false,
    forwardingContacts: [],
  };
}

const ARCHIVE: Role[] = ['groupware', 'archive'];
const run = (login: string, options: { roles?: Role[]; admin?: Secret | null; ext1?: string } = {}) => {
  const admin = options.admin === undefined ? ADMIN_PW : options.admin;
  const ctx = makeContext({
    host: { name: 'serverb', roles: options.roles ?? ARCHIVE },
    site: { ...box.site(login, null), ...(admin ? { imapAdmin: { login: 'cyrus', password: admin } } : {}) },
    facts: box.facts({ imapdConf: LAB_IMAPD }),
  });
  return { ctx, outcome: mailboxProbe(target(login, options.ext1)).run(ctx) };
};
const step = (o: { steps?: readonly { name: string }[] }, name: string) =>
  o.steps?.find((s) => s.name === name) as { status: string; summary: string; hint?: string } | undefined;

describe('user/mailbox against a real cyrus', () => {
  it('test1001: OK with its folders, anyone p, no quota, the newest dates and its active script; no secret shown', async () => {
    const { ctx, outcome } = run('test1001');
    const o = await outcome;
    expect(o.status, JSON.stringify(o.steps)).toBe('ok');
    expect(o.summary).toMatch(
      /^serverb: test1001's mailbox user\/test1001 \(archive copies and Sent Items\) has all 4 folders, anyone p on Sent Items, no quota limit \(0 messages\), INBOX empty, INBOX\/Sent Items empty, and an active sieve script$/,
    );
    expect(step(o, 'sieve')?.summary).toBe('serverb: test1001\'s sieve script "oxfilter" is active');
    expect(step(o, 'quota')?.summary).toBe('serverb: test1001 has no quota limit; 0 messages, 0 B in 5 folders');
    expect(step(o, 'newest in INBOX')?.summary).toBe("serverb: test1001's INBOX is empty");
    expect(JSON.stringify([o, ctx.evidence])).not.toContain(ADMIN_PW.reveal());
    expect(ctx.evidence.map((e) => e.label)).toContain(
      `imapflow session of cyrus on behalf of test1001 at 127.0.0.1:${box.cyrus.imapPort}`,
    );
  });

  it('test1002 on server B: CRIT for Sent Items without anyone p, WARN for the missing Junk and the inactive script', async () => {
    const o = await run('test1002').outcome;
    expect(o.status).toBe('crit');
    expect(o.summary).toMatch(
      /^serverb: "INBOX\/Sent Items" lacks "anyone p" \(ACL: test1002 \w+\): archive copies .* land in INBOX instead$/,
    );
    expect(o.hint).toBe('run /opt/open-xchange/sbin/setpostacl on serverb and check its line in /etc/cron.d/ox');
    expect(step(o, 'folders')).toMatchObject({
      status: 'warn',
      summary: expect.stringMatching(/^serverb: test1002 lacks "Junk" \(has INBOX, /),
    });
    expect(step(o, 'folders')?.hint).toContain('cm "user/test1002/Junk"');
    expect(step(o, 'sieve')).toMatchObject({
      status: 'warn',
      summary: expect.stringMatching(/test1002 has no active sieve script \(inactive: "oxfilter"\)/),
    });
  });

  it('test1003: no Sent Items is CRIT on server B (where copies are filed), no script at all WARN', async () => {
    const o = await run('test1003').outcome;
    expect(step(o, 'folders')).toMatchObject({
      status: 'crit',
      summary: expect.stringMatching(/lacks "Sent Items" .*land in INBOX/),
    });
    expect(step(o, 'Sent Items ACL')?.status).toBe('crit');
    expect(step(o, 'sieve')).toMatchObject({
      status: 'warn',
      summary: expect.stringMatching(/no active sieve script \(no scripts\)/),
    });
  });

  it('on server A: only WARN for a missing anyone p, which server A does not need; no Sent Items still CRIT', async () => {
    const o = await run('test1002', { roles: ['groupware'] }).outcome;
    expect(step(o, 'Sent Items ACL')).toMatchObject({
      status: 'warn',
      hint: expect.stringMatching(/setpostacl on serverb/),
    });
    const noSent = await run('test1003', { roles: ['groupware'] }).outcome;
    expect(step(noSent, 'folders')).toMatchObject({
      status: 'crit',
      summary: expect.stringMatching(/lacks "Sent Items" .*: OX cannot file its sent copies$/),
    });
  });

  it('a full OX user without a mailbox: CRIT (lmtpd refuses its mail), and the look created none', async () => {
    const o = await run('nobox1').outcome;
    expect(o.status).toBe('crit');
    expect(o.summary).toBe(
      'serverb: nobox1 has no mailbox (user/nobox1): lmtpd refuses the archive copies and sent copies for it (mailbox does not exist) and postfix bounces it',
    );
    expect(await box.admin('LIST "" "user/nobox1*"')).not.toMatch(/\* LIST .*nobox1/);
    // not an OX user: said plainly, OK
    const none = await run('nobox2', { ext1: '' }).outcome;
    expect(none).toMatchObject({
      status: 'ok',
      summary: expect.stringMatching(/^serverb: no mailbox for nobox2, as expected: an infostore-only user/),
    });
  });

  it('over quota is CRIT, at 90 % WARN, with the usage as a metric', async () => {
    await box.admin('CREATE "user/quota1"');
    for (const f of ['Drafts', 'Sent Items', 'Junk', 'Trash']) await box.admin(`CREATE "user/quota1/${f}"`);
    await box.admin('SETACL "user/quota1/Sent Items" anyone p');
    await box.admin('SETACL "user/quota1" cyrus lrswipkxtecda');
    const body = `Subject: quota\r\n\r\n${'x'.repeat(9_600)}\r\n`;
    await box.admin(`APPEND "user/quota1" {${Buffer.byteLength(body)}+}\r\n${body}`);
    await box.admin('SETQUOTA "user/quota1" (STORAGE 5)');
    const over = await run('quota1').outcome;
    expect(step(over, 'quota')).toMatchObject({
      status: 'crit',
      summary: expect.stringMatching(/^serverb: quota1 is over quota, 9 KB of 5 KB \(\d+ %\): cyrus refuses new mail/),
    });
    await box.admin('SETQUOTA "user/quota1" (STORAGE 10)');
    const near = await run('quota1').outcome;
    expect(step(near, 'quota')).toMatchObject({
      status: 'warn',
      summary: expect.stringMatching(/uses 9 KB of 10 KB \(90 %\) of its quota/),
    });
    expect(near.metrics?.find((m) => m.label === 'quota_used')).toMatchObject({ value: 90, unit: '%' });
    expect(step(near, 'newest in INBOX')?.summary).toMatch(/quota1's INBOX has 1 messages, the newest filed \d{4}-/);
  });

  it('a mailbox for a user whose mail goes to Exchange: WARN, a leftover no mail reaches', async () => {
    const t: UserTarget = { ...target('test1001', ''), exchangeMailbox: true };
    const ctx = makeContext({
      host: { name: 'servera', roles: ['groupware'] },
      site: { ...box.site('test1001', null), imapAdmin: { login: 'cyrus', password: ADMIN_PW } },
      facts: box.facts({ imapdConf: LAB_IMAPD }),
    });
    const o = await mailboxProbe(t).run(ctx);
    expect(o.status).toBe('warn');
    expect(o.summary).toBe(
      "servera: test1001's mailbox user/test1001 exists though none is expected: its mailbox is in Exchange (no extensionAttribute1: not a full OX user)",
    );
    expect(o.hint).toMatch(/no longer reaches it/);
  });

  it('an imapAdmin that imapd.conf does not list in admins: UNKNOWN, instead of "no mailbox"', async () => {
    const ctx = makeContext({
      host: { name: 'serverb', roles: ARCHIVE },
      site: { ...box.site('test1002', null), imapAdmin: { login: 'test1001', password: USER_PW } },
      facts: box.facts({ imapdConf: LAB_IMAPD }),
    });
    const o = await mailboxProbe(target('test1002')).run(ctx);
    expect(o.status).toBe('unknown');
    expect(o.summary).toBe(
      "serverb: the configured imapAdmin test1001 is not in admins: of /etc/imapd.conf (cyrus): users' mailboxes cannot be looked up as it",
    );
  });

  it('no imapAdmin configured: UNKNOWN naming the key; a wrong admin password: UNKNOWN, refused credentials', async () => {
    const none = await run('test1001', { admin: null }).outcome;
    expect(none).toMatchObject({ status: 'unknown', summary: expect.stringMatching(/^not configured: imapAdmin/) });
    const wrong = await run('test1001', { admin: new Secret('wrong', 'test') }).outcome;
    expect(wrong.status).toBe('unknown');
    expect(wrong.hint).toMatch(/^check imapAdmin \(login and password\) in the oxdoctor config/);
    expect(wrong.summary).toMatch(
      /^serverb: IMAP login of the cyrus admin cyrus at 127\.0\.0\.1:\d+ refused the credentials/,
    );
  });
});

describe('what imapflow cannot do here, so the admin part stays on the own IMAP session', () => {
  it('has no GETACL/MYRIGHTS call, and list() as the admin is every mailbox of the server (LIST "" "*")', async () => {
    expect(Object.getOwnPropertyNames(ImapFlow.prototype).filter((n) => /acl|rights/i.test(n))).toEqual([]);
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: box.cyrus.imapPort,
      secure: false,
      auth: { user: 'cyrus', pass: ADMIN_PW.reveal() },
      logger: false,
      greetingTimeout: 40_000, // a loaded machine's cyrus (prefork=0) may take long to spawn imapd
    });
    await client.connect();
    try {
      const paths = (await client.list()).map((f) => f.path);
      expect(paths).toEqual(expect.arrayContaining(['user/test1001', 'user/test1002/Drafts', 'user/test1003']));
    } finally {
      await client.logout();
    }
  }, 60_000);
});
