// The AD user entry as `oxdoctor user` parses it (entries shaped as ldapts returns the lab's LDIF), and the filters
// findUser sends, with hostile input escaped per RFC 4515.
import { describe, expect, it } from 'vitest';
import { accountExpires, fileTimeToDate, parseAdUserEntry } from '../../src/user/ad-entry.js';
import { forwardingContactFilter, userFilter } from '../../src/user/identity.js';

const NOW = new Date('2026-12-07T00:00:00Z');
// 2025-08-18T14:13:20Z as a Windows FILETIME (the lab's pwdLastSet)
const LAB_PWDLASTSET = '134000000000000000';

function testUser(over: Record<string, unknown> = {}) {
  return {
    dn: 'CN=Test test1001,OU=OX Users,DC=example,DC=com',
    objectClass: ['top', 'person', 'organizationalPerson', 'user'],
    sAMAccountName: 'test1001',
    userPrincipalName: 'test1001@ad.example.com',
    mail: 'test1001@oxmail.example.com',
    proxyAddresses: ['smtp:test1001@example.org', 'SMTP:test1001@example.com', 'smtp:test1001@oxmail.example.com'],
    extensionAttribute1: 'OX',
    userAccountControl: '512',
    pwdLastSet: LAB_PWDLASTSET,
    ...over,
  };
}

describe('parseAdUserEntry', () => {
  it('reads names, addresses (primary first, deduplicated) and the full OX class', () => {
    const u = parseAdUserEntry(testUser(), NOW);
    expect(u.sAMAccountName).toBe('test1001');
    expect(u.userPrincipalName).toBe('test1001@ad.example.com');
    expect(u.smtpAddresses).toEqual(['test1001@oxmail.example.com', 'test1001@example.com', 'test1001@example.org']);
    expect(u.oxClass).toBe('full-ox-user');
    expect(u.account.disabled).toBe(false);
    expect(u.account.passwordLastSet?.toISOString()).toBe('2025-08-18T14:13:20.000Z');
    expect(u.account.passwordAgeDays).toBe(475);
    expect(u.account.accountExpires).toBeUndefined();
  });

  it('classes users as the seed sync filters do', () => {
    expect(parseAdUserEntry(testUser({ extensionAttribute1: undefined }), NOW).oxClass).toBe('infostore-only');
    expect(parseAdUserEntry(testUser({ mail: undefined }), NOW).oxClass).toBe('not-ox-user');
    expect(parseAdUserEntry(testUser({ objectClass: ['top', 'contact'] }), NOW).oxClass).toBe('not-ox-user');
  });

  it('reads userAccountControl flags', () => {
    const disabled = parseAdUserEntry(testUser({ userAccountControl: '514' }), NOW).account;
    expect(disabled).toMatchObject({ disabled: true, locked: false, passwordExpired: false });
    const all = parseAdUserEntry(testUser({ userAccountControl: String(0x2 | 0x10 | 0x200 | 0x800000) }), NOW);
    expect(all.account).toMatchObject({ disabled: true, locked: true, passwordExpired: true });
    const never = parseAdUserEntry(testUser({ userAccountControl: '66048' }), NOW).account;
    expect(never).toMatchObject({ disabled: false, passwordNeverExpires: true });
    const junk = parseAdUserEntry(testUser({ userAccountControl: 'x' }), NOW).account;
    expect(junk).toMatchObject({ userAccountControl: undefined, disabled: false });
  });

  it('pwdLastSet 0 means the password must be changed, with no age', () => {
    const a = parseAdUserEntry(testUser({ pwdLastSet: '0' }), NOW).account;
    expect(a.mustChangePassword).toBe(true);
    expect(a.passwordLastSet).toBeUndefined();
    expect(a.passwordAgeDays).toBeUndefined();
  });
});

describe('FILETIME', () => {
  it('accountExpires 0 and 0x7FFFFFFFFFFFFFFF are never; other values are dates', () => {
    expect(accountExpires('0')).toBe('never');
    expect(accountExpires('9223372036854775807')).toBe('never');
    expect((accountExpires('133000000000000000') as Date).toISOString()).toBe('2022-06-18T04:26:40.000Z');
    expect(accountExpires(undefined)).toBeUndefined();
    expect(accountExpires('soon')).toBeUndefined();
  });

  it('the epoch is 1601-01-01 UTC', () => {
    expect(fileTimeToDate('0')?.toISOString()).toBe('1601-01-01T00:00:00.000Z');
    expect(fileTimeToDate('116444736000000000')?.toISOString()).toBe('1970-01-01T00:00:00.000Z');
  });
});

describe('filters', () => {
  it('asks a login by sAMAccountName and UPN, an address by mail and smtp: proxies too', () => {
    expect(userFilter('test1001')).toBe(
      '(&(objectClass=user)(|(sAMAccountName=test1001)(userPrincipalName=test1001)))',
    );
    expect(userFilter('a@b.c')).toContain('(mail=a@b.c)(proxyAddresses=smtp:a@b.c)');
  });

  it('escapes hostile input so it stays one literal value', () => {
    expect(userFilter('*)(uid=*')).toBe(
      '(&(objectClass=user)(|(sAMAccountName=\\2a\\29\\28uid=\\2a)(userPrincipalName=\\2a\\29\\28uid=\\2a)))',
    );
    const crlf = userFilter('a\r\nb\\c\0');
    expect(crlf).toContain('a\\0d\\0ab\\5cc\\00');
    expect(userFilter('jürgen')).toContain('j\\c3\\bcrgen');
    const long = userFilter('x'.repeat(10_000));
    expect(long).toContain('x'.repeat(10_000));
    // every parenthesis left is one of the filter's own
    for (const f of [userFilter('*)(uid=*'), userFilter('a b;id'), long])
      expect(f.replace(/\\[0-9a-f]{2}/g, '').match(/[()]/g)?.length).toBe(10);
    expect(forwardingContactFilter('*)(x', 'oxmail.example.com')).toBe(
      '(&(objectClass=contact)(mail=*@oxmail.example.com)(proxyAddresses=smtp:\\2a\\29\\28x@*))',
    );
  });
});
