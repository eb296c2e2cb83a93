// The principal kinit is asked for, and the KDCs krb5.conf names for its realm.
import type { Krb5Conf } from './krb5-conf.js';

export interface Principal {
  readonly text: string; // "test1001@AD.EXAMPLE.COM"
  readonly realm?: string;
}

// "user" gets the default realm appended; "user@REALM" keeps its own (the last unescaped @ separates it).
export function principalOf(login: string, defaultRealm: string | undefined): Principal {
  const at = login.lastIndexOf('@');
  if (at > 0 && login[at - 1] !== '\\') return { text: login, realm: login.slice(at + 1) };
  return defaultRealm ? { text: `${login}@${defaultRealm}`, realm: defaultRealm } : { text: login };
}

// "127.0.10.10:88, dc2.ad.example.com", or where kinit will look when krb5.conf lists none.
export function kdcsOf(conf: Krb5Conf | null, realm: string | undefined): string {
  if (!conf) return '(no /etc/krb5.conf: DNS SRV records, if any)';
  const listed = realm ? conf.realms.get(realm)?.kdc : undefined;
  if (listed && listed.length > 0) return listed.map((k) => k.text).join(', ');
  const dns = conf.libdefaults.get('dns_lookup_kdc');
  if (dns !== undefined && /^(false|no|0|off)$/i.test(dns))
    return `none (no kdc for ${realm ?? 'the default realm'} in /etc/krb5.conf, dns_lookup_kdc off)`;
  return `DNS SRV _kerberos._udp.${realm ?? '(default realm)'}`;
}
