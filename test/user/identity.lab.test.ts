// findUser against the lab's AD (slapd with the lab's LDIF, test/lab/data/ad-data.sh): each kind of user the
// lab has, an address nobody has, a user past AD's 1000-entry page, and hostile input that must stay a literal.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { SiteConfig } from '../../src/core/site.js';
import type { AdReach } from '../../src/protocols/ad-directory.js';
import { directoryOutcome } from '../../src/user/directory.js';
import { findUser, type UserIdentity } from '../../src/user/identity.js';
import { labPaths } from '../lab/lab.js';

const CONFIG = fileURLToPath(new URL('../lab/oxdoctor.yaml', import.meta.url));
let site: SiteConfig;
beforeAll(async () => {
  site = await loadConfig({ explicitPath: CONFIG });
});
const reach = (): AdReach => ({ site, timeoutMs: 5000 });

function found(r: UserIdentity) {
  if (r.kind !== 'found') throw new Error(`expected one entry, got ${JSON.stringify(r)}`);
  return r;
}

describe('findUser on the lab AD', () => {
  it('finds test1001 by login, mail, a proxy address and the UPN as the same full OX user', async () => {
    const inputs = ['test1001', 'test1001@oxmail.example.com', 'TEST1001@example.org', 'test1001@ad.example.com'];
    const results = await Promise.all(inputs.map((i) => findUser(reach(), i)));
    const dns = results.map((r) => found(r).entry.dn.toLowerCase()); // slapd spells the types in lower case
    expect(new Set(dns)).toEqual(new Set(['cn=test test1001,ou=ox users,dc=example,dc=com']));
    const r = found(results[0]!);
    expect(r.entry.oxClass).toBe('full-ox-user');
    expect(r.entry.extensionAttribute1).toBe('OX');
    expect(r.entry.smtpAddresses).toEqual([
      'test1001@oxmail.example.com',
      'test1001@example.com',
      'test1001@example.org',
    ]);
    expect(r.entry.account).toMatchObject({ disabled: false, locked: false, mustChangePassword: false });
    expect(r.entry.account.passwordAgeDays).toBeGreaterThan(0);
    expect(r.exchangeMailbox).toBe(false);
    expect(r.forwardingContacts).toEqual([]);
  });

  it('an OX user with an Exchange mailbox: the forwarding contact and its mailNickname', async () => {
    const r = found(await findUser(reach(), 'oxex01'));
    expect(r.entry.oxClass).toBe('full-ox-user');
    expect(r.exchangeMailbox).toBe(true);
    expect(r.forwardingContacts.map((c) => ({ ...c, dn: c.dn.toLowerCase() }))).toEqual([
      {
        dn: 'cn=oxex01 (ox),ou=contacts,dc=example,dc=com',
        mail: 'oxex01@oxmail.example.com',
        mailNickname: 'oxex01',
        nicknameIsLogin: true,
      },
    ]);
  });

  it('infostore-only, Exchange-only (infostore by the seed filters), disabled and must-change users', async () => {
    const [info, exch, disabled, expired] = await Promise.all(
      ['info01', 'exch01', 'test1090', 'test1091'].map((l) => findUser(reach(), l)),
    );
    expect(found(info!).entry.oxClass).toBe('infostore-only');
    expect(found(info!).exchangeMailbox).toBe(false);
    expect(found(exch!).entry.oxClass).toBe('infostore-only');
    expect(found(exch!).exchangeMailbox).toBe(true);
    expect(found(exch!).forwardingContacts).toEqual([]);
    expect(found(disabled!).entry.account).toMatchObject({ userAccountControl: 514, disabled: true });
    expect(found(expired!).entry.account).toMatchObject({ mustChangePassword: true, disabled: false });
  });

  it('a user past the 1000th AD entry is found', async () => {
    const r = found(await findUser(reach(), 'ox1175'));
    expect(r.entry.dn.toLowerCase()).toBe('cn=user ox1175,ou=ox users,dc=example,dc=com');
    expect(r.entry.oxClass).toBe('full-ox-user');
  });

  it('an address nobody has is a clear not-found', async () => {
    const r = await findUser(reach(), 'nobody-here@oxmail.example.com');
    expect(r).toMatchObject({ kind: 'not-found', query: 'nobody-here@oxmail.example.com' });
    if (r.kind === 'not-found') expect(r.summary).toContain("no user with login or address 'nobody-here@");
  });

  it('hostile input finds nothing and errors nothing', async () => {
    const hostile = [
      '*)(uid=*',
      '*',
      'test1001)(|(sAMAccountName=*',
      'a b;id',
      'test1001\r\nx',
      'jürgen',
      'x'.repeat(10_000),
    ];
    for (const h of hostile) expect((await findUser(reach(), h)).kind, h.slice(0, 40)).toBe('not-found');
  });

  it('an address on two entries: ambiguous, both listed (a proxy address of test1001 added to test1002, then removed)', async () => {
    const { secrets } = await labPaths();
    const modify = (op: 'add' | 'delete') =>
      execFileSync(
        'ldapmodify',
        [
          '-x',
          '-H',
          'ldap://127.0.10.10:389/',
          '-D',
          'CN=Administrator,CN=Users,DC=example,DC=com',
          '-y',
          `${secrets}/ldap-admin.pw`,
        ],
        {
          input:
            `dn: CN=Test test1002,OU=OX Users,DC=example,DC=com\nchangetype: modify\n${op}: proxyAddresses\n` +
            'proxyAddresses: smtp:test1001@example.org\n',
        },
      );
    modify('add');
    let r: UserIdentity;
    try {
      r = await findUser(reach(), 'test1001@example.org');
    } finally {
      modify('delete');
    }
    expect(r.kind).toBe('ambiguous');
    if (r.kind !== 'ambiguous') return;
    expect(r.candidates.map((c) => c.sAMAccountName).sort()).toEqual(['test1001', 'test1002']);
    expect(directoryOutcome(r).summary).toMatch(/^2 AD entries match 'test1001@example\.org': test100[12] \(/);
    expect((await findUser(reach(), 'test1001@example.org')).kind).toBe('found');
  });
});
