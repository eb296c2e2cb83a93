// The directory hop decided from AD's answer: each account state and the forwarding-contact contract.
import { describe, expect, it } from 'vitest';
import { parseAdUserEntry } from '../../src/user/ad-entry.js';
import { directoryOutcome } from '../../src/user/directory.js';
import type { ForwardingContact, UserIdentity } from '../../src/user/identity.js';

const NOW = new Date('2026-12-07T03:00:00Z');
// Windows FILETIME: 100 ns since 1601-01-01 UTC
const filetime = (iso: string) => String((BigInt(Date.parse(iso)) + 11_644_473_600_000n) * 10_000n);
const FILETIME_2026_01_01 = filetime('2026-01-01T00:00:00Z');
const FILETIME_2026_06_01 = filetime('2026-06-01T00:00:00Z');

function found(attrs: Record<string, unknown>, contacts: ForwardingContact[] = [], exchange = false): UserIdentity {
  const entry = parseAdUserEntry(
    {
      dn: 'CN=Test anna,OU=OX Users,DC=example,DC=com',
      objectClass: ['top', 'user'],
      sAMAccountName: 'anna',
      mail: exchange ? 'anna@example.com' : 'anna@oxmail.example.com',
      extensionAttribute1: 'OX',
      userAccountControl: '512',
      pwdLastSet: FILETIME_2026_06_01,
      accountExpires: '0',
      ...attrs,
    },
    NOW,
  );
  return { kind: 'found', query: 'anna', entry, exchangeMailbox: exchange, forwardingContacts: contacts };
}

const contact = (nickname: string, isLogin: boolean): ForwardingContact => ({
  dn: 'CN=anna (OX),OU=Contacts,DC=example,DC=com',
  mail: 'anna@oxmail.example.com',
  mailNickname: nickname,
  nicknameIsLogin: isLogin,
});

describe('directoryOutcome', () => {
  it('a usable full OX user: OK, with its class, addresses, expiry and password age', () => {
    const o = directoryOutcome(found({}), NOW);
    expect(o.status).toBe('ok');
    expect(o.summary).toMatch(/^AD: anna \(CN=Test anna.*\) is a full OX user .*; 1 addresses; the account is usable$/);
    expect(o.steps?.[0]?.summary).toMatch(/enabled, not locked, never expires, password set \d+ days ago/);
  });

  it.each([
    ['disabled', { userAccountControl: '514' }, 'crit', /anna is disabled \(userAccountControl 514\)/],
    ['locked', { userAccountControl: '528' }, 'crit', /anna is locked out/],
    ['expired', { accountExpires: FILETIME_2026_01_01 }, 'crit', /the account anna expired on 2026-01-01/],
    ['must change', { pwdLastSet: '0' }, 'warn', /anna must change the password \(pwdLastSet 0\)/],
    ['password expired', { userAccountControl: String(512 + 0x800000) }, 'warn', /\(password expired\)/],
  ])('%s: named with its fix', (_, attrs, status, sentence) => {
    const o = directoryOutcome(found(attrs), NOW);
    expect(o.status).toBe(status);
    expect(o.summary).toMatch(sentence);
    expect(o.hint).toBeTruthy();
  });

  it("an Exchange user's forwarding contact: OK when its mailNickname is the login, CRIT otherwise, CRIT when none", () => {
    expect(directoryOutcome(found({}, [contact('anna', true)], true), NOW).status).toBe('ok');
    const wrong = directoryOutcome(found({}, [contact('anna.old', false)], true), NOW);
    expect(wrong.status).toBe('crit');
    expect(wrong.summary).toMatch(/mailNickname anna\.old, not the login anna: .*OX's copy bounces/);
    expect(wrong.hint).toMatch(/set mailNickname of CN=anna \(OX\).* to anna/);
    const none = directoryOutcome(found({}, [], true), NOW);
    expect(none.status).toBe('crit');
    expect(none.summary).toMatch(/has no forwarding contact in the OX mail domain/);
  });

  it('an Exchange user without extensionAttribute1 needs no contact', () => {
    const o = directoryOutcome(found({ extensionAttribute1: undefined }, [], true), NOW);
    expect(o.status).toBe('ok');
    expect(o.steps?.[1]?.summary).toMatch(/the mailbox is in Exchange .*no forwarding contact needed/);
  });

  it('nobody and two entries: UNKNOWN, saying so', () => {
    expect(directoryOutcome({ kind: 'not-found', query: 'x', summary: 'AD has no user x' }, NOW)).toMatchObject({
      status: 'unknown',
      summary: 'AD has no user x: mail to it is refused and no login can work',
    });
    const a = found({});
    const b = found({ sAMAccountName: 'anna2' });
    if (a.kind !== 'found' || b.kind !== 'found') throw new Error('fixture');
    const two = directoryOutcome({ kind: 'ambiguous', query: 'anna@x', candidates: [a.entry, b.entry] }, NOW);
    expect(two.status).toBe('unknown');
    expect(two.summary).toMatch(/^2 AD entries match 'anna@x': anna \(CN=Test anna.*\); anna2 \(/);
  });
});
