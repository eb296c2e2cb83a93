import { describe, expect, it } from 'vitest';
import { routedAddresses, shown, unroutable } from '../../../src/user/routing/addresses.js';

describe('the addresses user/routing follows', () => {
  it("takes the user's addresses, then each forwarding contact's mail once", () => {
    const contact = {
      dn: 'CN=oxex01 (OX)',
      mail: 'OXEX01@oxmail.example.com',
      mailNickname: 'oxex01',
      nicknameIsLogin: true,
    };
    expect(
      routedAddresses({ addresses: ['oxex01@example.com'], forwardingContacts: [contact, { ...contact, dn: 'x' }] }),
    ).toEqual([
      { address: 'oxex01@example.com', origin: 'user' },
      { address: 'oxex01@oxmail.example.com', origin: 'contact' },
    ]);
  });

  it.each([
    ['test1001@example.com', null],
    ['*)(uid=*@example.com', null], // a literal: the lookups escape it
    ['tëst@exämple.com', null],
    ['x\r\nRCPT TO:<root@example.com>@example.com', /control characters/],
    ['nul\0@example.com', /control characters/],
    [`${'a'.repeat(10_000)}@example.com`, /10012 characters long, more than SMTP carries/],
    ['a b;id', /not a mail address/],
    ['@example.com', /not a mail address/],
    ['user@', /not a mail address/],
  ])('%j is %s', (address, why) => {
    const answer = unroutable(address);
    if (why === null) expect(answer).toBeNull();
    else expect(answer).toMatch(why);
  });

  it('prints hostile addresses quoted and cut', () => {
    expect(shown('test1001@example.com')).toBe('test1001@example.com');
    expect(shown('a\r\nb@x')).toBe('"a\\r\\nb@x"');
    expect(shown('a'.repeat(500)).length).toBeLessThan(70);
  });
});
