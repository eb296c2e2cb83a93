import { describe, expect, it } from 'vitest';
import { parseKrb5Conf } from '../../src/kerberos/krb5-conf.js';
import { kdcsOf, principalOf } from '../../src/kerberos/principal.js';

describe('principalOf', () => {
  it('appends the default realm to a bare login', () => {
    expect(principalOf('test1001', 'AD.EXAMPLE.COM')).toEqual({
      text: 'test1001@AD.EXAMPLE.COM',
      realm: 'AD.EXAMPLE.COM',
    });
  });

  it('keeps the realm a login already names', () => {
    expect(principalOf('test1001@OTHER.ORG', 'AD.EXAMPLE.COM')).toEqual({
      text: 'test1001@OTHER.ORG',
      realm: 'OTHER.ORG',
    });
  });

  it('leaves the realm to kinit when neither the login nor the config names one', () => {
    expect(principalOf('test1001', undefined)).toEqual({ text: 'test1001' });
  });
});

describe('kdcsOf', () => {
  const conf = (text: string) => parseKrb5Conf(text);

  it('lists the kdc lines of the realm as written', () => {
    const c = conf('[realms]\n R = {\n  kdc = 10.0.0.1:88\n  kdc = dc2.r\n }\n');
    expect(kdcsOf(c, 'R')).toBe('10.0.0.1:88, dc2.r');
  });

  it('names the DNS SRV lookup when krb5.conf lists no KDC and DNS lookup is on', () => {
    expect(kdcsOf(conf('[libdefaults]\n dns_lookup_kdc = true\n'), 'R')).toBe('DNS SRV _kerberos._udp.R');
  });

  it('says there is no KDC at all when DNS lookup is off too', () => {
    expect(kdcsOf(conf('[libdefaults]\n dns_lookup_kdc = false\n'), 'R')).toMatch(/^none/);
  });

  it('says so when the host has no krb5.conf', () => {
    expect(kdcsOf(null, 'R')).toMatch(/no \/etc\/krb5\.conf/);
  });
});
