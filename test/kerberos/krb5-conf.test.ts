import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { parseHostPort, parseKrb5Conf, realmForHost } from '../../src/kerberos/krb5-conf.js';

// The seed's /etc/krb5.conf (RHEL5, MIT 1.6).
const SEED = `[logging]
 default = FILE:/var/log/krb5libs.log
 kdc = FILE:/var/log/krb5kdc.log

[libdefaults]
 default_realm = AD.EXAMPLE.COM
 dns_lookup_realm = false
 dns_lookup_kdc = true
 ticket_lifetime = 24h
 forwardable = yes

[realms]
 AD.EXAMPLE.COM = {
  kdc = 172.18.224.27:88
  admin_server = 172.18.224.27:749
  default_domain = ad.example.com
 }

[domain_realm]
 .ad.example.com = AD.EXAMPLE.COM
 ad.example.com = AD.EXAMPLE.COM

[appdefaults]
 pam = {
   debug = false
   ticket_lifetime = 36000
 }
`;

describe('parseKrb5Conf', () => {
  it('reads the default realm and its KDC and admin server with ports', () => {
    const conf = parseKrb5Conf(SEED);
    expect(conf.defaultRealm).toBe('AD.EXAMPLE.COM');
    const realm = conf.realms.get('AD.EXAMPLE.COM');
    expect(realm?.kdc).toEqual([{ host: '172.18.224.27', port: 88, text: '172.18.224.27:88' }]);
    expect(realm?.adminServer[0]?.port).toBe(749);
    expect(realm?.defaultDomain).toBe('ad.example.com');
  });

  it('reads [domain_realm] in order and maps host names to realms', () => {
    const conf = parseKrb5Conf(SEED);
    expect(conf.domainRealm).toEqual([
      { domain: '.ad.example.com', realm: 'AD.EXAMPLE.COM' },
      { domain: 'ad.example.com', realm: 'AD.EXAMPLE.COM' },
    ]);
    expect(realmForHost(conf, 'dc1.AD.example.com')).toBe('AD.EXAMPLE.COM');
    expect(realmForHost(conf, 'elsewhere.org')).toBe('AD.EXAMPLE.COM'); // falls back to default_realm
  });

  it('keeps nested subsections of other sections reachable', () => {
    const pam = parseKrb5Conf(SEED).sections.get('appdefaults')?.get('pam')?.[0];
    expect(pam instanceof Map ? pam.get('ticket_lifetime') : undefined).toEqual(['36000']);
  });

  it('ignores comments and the final marker', () => {
    const conf = parseKrb5Conf('# c\n[libdefaults]\n; c2\n default_realm = X.ORG *\n');
    expect(conf.defaultRealm).toBe('X.ORG');
  });

  it.each([
    ['kdc.example.com', { host: 'kdc.example.com' }],
    ['[2001:db8::1]:88', { host: '2001:db8::1', port: 88 }],
    ['tcp/kdc:88', { host: 'kdc', port: 88 }],
  ])('parses the KDC address %s', (text, expected) => {
    expect(parseHostPort(text)).toMatchObject(expected);
  });

  const system = '/etc/krb5.conf';
  it.skipIf(!existsSync(system))("reads Debian's sample krb5.conf with many realms", () => {
    const conf = parseKrb5Conf(readFileSync(system, 'utf8'));
    expect(conf.defaultRealm).toBeTruthy();
    expect(conf.realms.size).toBeGreaterThan(0);
    for (const realm of conf.realms.values()) for (const kdc of realm.kdc) expect(kdc.host).not.toContain(' ');
  });
});
