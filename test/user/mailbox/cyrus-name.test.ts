// The admin's name of a user's INBOX, and the logins refused before any session.
import { describe, expect, it } from 'vitest';
import { encodeMailboxName, unsendableLogin, userInboxName } from '../../../src/user/mailbox/cyrus-name.js';

describe('userInboxName', () => {
  it('is user/LOGIN with unixhierarchysep, lower-cased as cyrus does by default', () => {
    expect(userInboxName('Test1001', '/', true)).toBe('user/test1001');
    expect(userInboxName('Test1001', '/', false)).toBe('user/Test1001');
    expect(userInboxName('first.last', '/', true)).toBe('user/first.last');
  });

  it("keeps a login's dots as ^ where '.' is the hierarchy separator", () => {
    expect(userInboxName('first.last', '.', true)).toBe('user.first^last');
  });

  it('encodes names outside ASCII in modified UTF-7 (RFC 3501 5.1.3)', () => {
    expect(encodeMailboxName('müller')).toBe('m&APw-ller');
    expect(encodeMailboxName('a&b')).toBe('a&-b');
    expect(encodeMailboxName('日本語')).toBe('&ZeVnLIqe-');
    expect(userInboxName('Müller', '/', true)).toBe('user/m&APw-ller');
  });
});

describe('unsendableLogin', () => {
  it('refuses CR, LF, NUL, an empty login and one longer than any mailbox name', () => {
    expect(unsendableLogin('a\r\nb')).toMatch(/contains CR, LF or NUL: not sent to cyrus/);
    expect(unsendableLogin('a\0b')).toMatch(/contains CR, LF or NUL/);
    expect(unsendableLogin(' ')).toMatch(/empty/);
    expect(unsendableLogin('x'.repeat(10_000))).toMatch(/has 10000 characters, more than a cyrus mailbox name/);
  });

  it('lets hostile but single-line names through: they travel as quoted IMAP strings', () => {
    for (const login of ['*)(uid=*', 'a b;id', 'q" "*', 'müller']) expect(unsendableLogin(login)).toBeUndefined();
  });
});
