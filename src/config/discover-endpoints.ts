// Endpoints a host's own files name: LDAP from postfix's ldap maps, realm and KDCs from krb5.conf,
// Exchange or the VIP from relayhost. Never asks for what the servers already say.
import type { Role } from '../core/host.js';
import { Secret } from '../core/redact.js';
import { parseKrb5Conf } from '../kerberos/krb5-conf.js';
import { parseMainCf, splitList, tableRefs } from '../postfix/main-cf.js';
import { parseMasterCf } from '../postfix/master-cf.js';
import type { SiteConfig } from './types.js';
import { readTextFile, type FileReader } from './file-reader.js';
import { POSTFIX_DIR } from './discover-host.js';

export type Endpoints = SiteConfig['endpoints'];

export interface EndpointDiscovery {
  readonly endpoints: Endpoints;
  readonly reasons: readonly string[]; // where each endpoint came from
}

export async function discoverEndpoints(reader: FileReader, roles: readonly Role[] = []): Promise<EndpointDiscovery> {
  const [mainText, masterText, krbText] = await Promise.all([
    readTextFile(reader, `${POSTFIX_DIR}/main.cf`),
    readTextFile(reader, `${POSTFIX_DIR}/master.cf`),
    readTextFile(reader, '/etc/krb5.conf'),
  ]);
  const main = parseMainCf(mainText ?? '').params;
  const reasons: string[] = [];
  const endpoints: { -readonly [K in keyof Endpoints]: Endpoints[K] } = {};

  const ldap = await ldapFromMaps(reader, ldapMapFiles(main, masterText ?? ''));
  if (ldap) {
    endpoints.ldap = ldap.endpoint;
    reasons.push(`ldap: from ${ldap.file}`);
  }
  if (krbText !== null) {
    const conf = parseKrb5Conf(krbText);
    const realm = conf.defaultRealm ? conf.realms.get(conf.defaultRealm) : undefined;
    if (conf.defaultRealm) {
      endpoints.kerberos = {
        realm: conf.defaultRealm,
        kdc: (realm?.kdc ?? []).map((k) => `${k.host}:${k.port ?? 88}`),
      };
      reasons.push('kerberos: default_realm and its kdc lines in /etc/krb5.conf');
    }
  }
  const relay = parseRelayhost(main.get('relayhost') ?? '');
  if (relay && roles.includes('groupware')) {
    endpoints.exchange = { host: relay.host, port: relay.port ?? 25 };
    reasons.push('exchange: relayhost of a groupware host in main.cf');
  } else if (relay && roles.includes('relay')) {
    endpoints.vip = { smtp: relay.host };
    reasons.push('vip.smtp: relayhost of the relay in main.cf');
  }
  return { endpoints, reasons };
}

// Every ldap: table named in main.cf (file order), then in master.cf -o overrides.
export function ldapMapFiles(main: ReadonlyMap<string, string>, masterText: string): string[] {
  const values = [...main.values(), ...parseMasterCf(masterText).flatMap((s) => [...s.overrides.values()])];
  const files = values
    .flatMap((v) => tableRefs(v))
    .filter((r) => r.type === 'ldap')
    .map((r) => r.name.replace(/^\/+/, '/'));
  return [...new Set(files)];
}

async function ldapFromMaps(
  reader: FileReader,
  files: readonly string[],
): Promise<{ endpoint: NonNullable<Endpoints['ldap']>; file: string } | null> {
  for (const file of files) {
    const text = await readTextFile(reader, file);
    if (text === null) continue;
    const endpoint = ldapEndpointOf(parseMainCf(text).params, file);
    if (endpoint) return { endpoint, file };
  }
  return null;
}

// ldap_table(5): server_host (URLs or host[:port] list), server_port, search_base, bind, bind_dn, bind_pw.
export function ldapEndpointOf(p: ReadonlyMap<string, string>, file: string): NonNullable<Endpoints['ldap']> | null {
  const first = splitList(p.get('server_host') ?? 'localhost')[0];
  const base = p.get('search_base');
  if (!first || !base || base.includes('%')) return null;
  const port = p.get('server_port');
  const url = /^ldaps?:\/\//.test(first)
    ? first
    : `ldap://${first}${port && port !== '389' && !first.includes(':') ? `:${port}` : ''}`;
  const bind = (p.get('bind') ?? 'yes').toLowerCase();
  const bindDn = bind !== 'no' ? p.get('bind_dn') : undefined;
  const pw = bind !== 'no' ? p.get('bind_pw') : undefined;
  return {
    url,
    baseDn: base,
    ...(bindDn ? { bindDn } : {}),
    ...(pw ? { bindPassword: new Secret(pw, `file:${file} bind_pw`) } : {}),
  };
}

// relayhost = [172.18.254.25] | [192.168.109.113]:10025 | host:port | host
export function parseRelayhost(value: string): { host: string; port?: number } | null {
  const v = value.trim();
  if (v === '' || v.startsWith('$')) return null;
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(v) ?? /^([^\s:[\]]+)(?::(\d+))?$/.exec(v);
  if (!m) return null;
  return { host: m[1] ?? '', ...(m[2] ? { port: Number(m[2]) } : {}) };
}
