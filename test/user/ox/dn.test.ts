// DNs under a sync conf's userbasedn, as AD writes them and as admins type them into the conf.
import { describe, expect, it } from 'vitest';
import { dnWithin, rdnsOf, sameDn } from '../../../src/user/ox/dn.js';

describe('dn', () => {
  it.each([
    ['CN=Test test1001,OU=OX Users,DC=example,DC=com', 'DC=example,DC=com', true],
    ['CN=Test test1001,OU=OX Users,DC=example,DC=com', 'dc=Example, dc=com', true],
    ['CN=Test test1001,OU=OX Users,DC=example,DC=com', 'OU=OX Users,DC=example,DC=com', true],
    ['CN=Exchange exch01,OU=Exchange Users,DC=example,DC=com', 'OU=OX Users,DC=example,DC=com', false],
    ['CN=Doe\\, John,OU=OX Users,DC=example,DC=com', 'OU=OX Users,DC=example,DC=com', true],
    ['CN=x,DC=example,DC=org', 'DC=example,DC=com', false],
    ['DC=example,DC=com', 'CN=x,DC=example,DC=com', false],
    ['CN=x,DC=example,DC=com', '', true],
  ])('%s within %s: %s', (dn, base, within) => {
    expect(dnWithin(dn, base)).toBe(within);
  });

  it('keeps an escaped comma inside its RDN, and compares DNs without case and spaces', () => {
    expect(rdnsOf('CN=Doe\\, John , OU=X')).toEqual(['cn=doe\\, john', 'ou=x']);
    expect(
      sameDn('CN=Test test1001,OU=OX Users,DC=example,DC=com', 'cn=test test1001, ou=ox users,dc=EXAMPLE,dc=com'),
    ).toBe(true);
    expect(sameDn('CN=a,DC=x', 'CN=b,DC=x')).toBe(false);
  });
});
