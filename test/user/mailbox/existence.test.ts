// Where the seed keeps a mailbox for each class of user, and what a missing or unexpected one means.
import { describe, expect, it } from 'vitest';
import { parseImapdConf } from '../../../src/cyrus/imapd-conf.js';
import { parseAdUserEntry } from '../../../src/user/ad-entry.js';
import { existenceStep, type Existence } from '../../../src/user/mailbox/existence.js';
import { mailboxExpectation } from '../../../src/user/mailbox/expectation.js';
import type { UserTarget } from '../../../src/user/target.js';

function target(login: string, mail: string, ext1: string | undefined, exchangeMailbox: boolean): UserTarget {
  const entry = parseAdUserEntry({
    dn: `CN=${login},DC=example,DC=com`,
    objectClass: ['top', 'user'],
    sAMAccountName: login,
    mail,
    proxyAddresses: [`SMTP:${mail}`],
    ...(ext1 ? { extensionAttribute1: ext1 } : {}),
  });
  return { query: login, login, addresses: [mail], primary: mail, entry, exchangeMailbox, forwardingContacts: [] };
}

const serverA = { roles: ['groupware'] as const };
const serverB = { roles: ['groupware', 'archive'] as const };
const full = target('test1001', 'test1001@oxmail.example.com', 'OX', false);
const infostore = target('info01', 'info01@oxmail.example.com', undefined, false);
const exchange = target('exch01', 'exch01@example.com', undefined, true);

const conf = (text: string) => parseImapdConf(text);
const base = (over: Partial<Existence>): Existence => ({
  host: 'servera',
  login: 'test1001',
  inbox: 'user/test1001',
  exists: false,
  expectation: mailboxExpectation(full, serverA),
  archive: false,
  conf: conf('autocreate_post: no\n'),
  ...over,
});

describe('mailboxExpectation', () => {
  it('a full OX user has one on server A (its mail) and on server B (archive copies, Sent Items)', () => {
    expect(mailboxExpectation(full, serverA)).toMatchObject({ expected: true, why: /server A delivers/ });
    expect(mailboxExpectation(full, serverB).why).toMatch(/archive copy .* Sent Items/);
  });

  it("an infostore-only user has none; an Exchange user (which the seed's infostore filter also takes) neither", () => {
    expect(mailboxExpectation(infostore, serverA)).toMatchObject({ expected: false });
    expect(mailboxExpectation(infostore, serverA).why).toMatch(/infostore-only .* send-only mail/);
    expect(mailboxExpectation(exchange, serverB)).toMatchObject({ expected: false, leftover: true });
    expect(mailboxExpectation(exchange, serverB).why).toMatch(/its mailbox is in Exchange/);
  });
});

describe('existenceStep', () => {
  it('a full OX user without a mailbox is CRIT where cyrus does not create one on delivery', () => {
    const s = existenceStep(base({}));
    expect(s.status).toBe('crit');
    expect(s.summary).toBe(
      'servera: test1001 has no mailbox (user/test1001): lmtpd refuses mail for it (mailbox does not exist) and postfix bounces it',
    );
    expect(s.hint).toMatch(/cyradm: cm user\/test1001/);
  });

  it('WARN where autocreate on post (3.x) or createonpost (2.3) creates it with the first mail', () => {
    const v3 = existenceStep(base({ conf: conf('autocreate_post: yes\nautocreate_quota: 0\n') }));
    expect(v3.status).toBe('warn');
    expect(v3.summary).toMatch(/cyrus creates it with the first mail \(\/etc\/imapd\.conf autocreate_post\)/);
    expect(existenceStep(base({ conf: conf('createonpost: 1\n') })).summary).toMatch(/createonpost/);
    // autocreate_post needs autocreate_quota >= 0 (the default -1 turns autocreate off)
    expect(existenceStep(base({ conf: conf('autocreate_post: yes\n') })).status).toBe('crit');
  });

  it('says plainly that there is none where none is expected, and warns of a leftover', () => {
    const none = existenceStep(base({ login: 'exch01', expectation: mailboxExpectation(exchange, serverA) }));
    expect(none).toMatchObject({ status: 'ok' });
    expect(none.summary).toBe(
      'servera: no mailbox for exch01, as expected: its mailbox is in Exchange (no extensionAttribute1: not a full OX user)',
    );
    const left = existenceStep(
      base({ login: 'exch01', exists: true, expectation: mailboxExpectation(exchange, serverA) }),
    );
    expect(left.status).toBe('warn');
    expect(left.hint).toMatch(/no longer reaches it/);
    const info = existenceStep(
      base({ login: 'info01', exists: true, expectation: mailboxExpectation(infostore, serverA) }),
    );
    expect(info.status).toBe('ok');
  });
});
