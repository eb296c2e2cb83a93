// ldap_table(5) map files: the settings postfix reads, with postfix's defaults.
import { parseMainCf, splitList } from './main-cf.js';

export type LdapScope = 'base' | 'one' | 'sub';

export interface LdapServer {
  readonly url: string; // ldap://host:port, ldaps://..., ldapi://...
  readonly scheme: 'ldap' | 'ldaps' | 'ldapi';
  readonly host: string;
  readonly port: number;
}

export interface LdapTable {
  readonly servers: readonly LdapServer[]; // in the order the library tries them
  readonly searchBase: string;
  readonly scope: LdapScope;
  readonly queryFilter: string;
  readonly resultAttributes: readonly string[];
  readonly specialResultAttributes: readonly string[];
  readonly terminalResultAttributes: readonly string[];
  readonly leafResultAttributes: readonly string[];
  readonly resultFormat: string;
  readonly domain: readonly string[]; // empty: every key is looked up
  readonly bind: 'none' | 'simple' | 'sasl';
  readonly bindDn: string;
  readonly hasBindPassword: boolean; // the value itself is read only by bindPassword()
  readonly version: number;
  readonly startTls: boolean;
  readonly timeoutSeconds: number;
  readonly sizeLimit: number; // 0: unlimited
  readonly expansionLimit: number; // 0: unlimited
  readonly dereference: number;
}

const DEFAULT_PORT = 389;

// Postfix reads the file as "name = value" logical lines, like main.cf. Quotes are not special: postfix keeps
// them as part of the value (the seed's adcopyfix has result_format = "%s+Sent Items@...").
export function parseLdapTable(text: string): LdapTable {
  const p = parseMainCf(text).params;
  const get = (name: string, dflt: string): string => p.get(name) ?? dflt;
  const port = toInt(get('server_port', String(DEFAULT_PORT)), DEFAULT_PORT);
  const bindValue = get('bind', 'yes').toLowerCase();
  return {
    servers: splitList(get('server_host', 'localhost')).map((h) => parseServer(h, port)),
    searchBase: get('search_base', ''),
    scope: parseScope(get('scope', 'sub')),
    queryFilter: get('query_filter', 'mailacceptinggeneralid=%s'),
    resultAttributes: splitList(p.get('result_attribute') ?? 'maildrop'),
    specialResultAttributes: splitList(get('special_result_attribute', '')),
    terminalResultAttributes: splitList(get('terminal_result_attribute', '')),
    leafResultAttributes: splitList(get('leaf_result_attribute', '')),
    resultFormat: get('result_format', p.get('result_filter') ?? '%s'),
    domain: splitList(get('domain', '')),
    bind: bindValue === 'sasl' ? 'sasl' : ['no', 'false', '0'].includes(bindValue) ? 'none' : 'simple',
    bindDn: get('bind_dn', ''),
    hasBindPassword: (p.get('bind_pw') ?? '') !== '',
    version: toInt(get('version', '2'), 2),
    startTls: /^(yes|true|1)$/i.test(get('start_tls', 'no')),
    timeoutSeconds: toInt(get('timeout', '10'), 10),
    sizeLimit: toInt(get('size_limit', '0'), 0),
    expansionLimit: toInt(get('expansion_limit', '0'), 0),
    dereference: toInt(get('dereference', '0'), 0),
  };
}

// bind_pw as written; callers wrap it in a Secret at once.
export function bindPassword(text: string): string {
  return parseMainCf(text).params.get('bind_pw') ?? '';
}

// "ldap://h:1444", "ldaps://h", "h:1444", "h" (server_port applies), "ldapi://%2Fpath"
export function parseServer(item: string, defaultPort: number): LdapServer {
  const m = /^(ldaps?|ldapi):\/\/([^/]*)\/?/i.exec(item);
  if (m) {
    const scheme = (m[1] ?? 'ldap').toLowerCase() as LdapServer['scheme'];
    const hostPort = m[2] ?? '';
    if (scheme === 'ldapi') return { url: item, scheme, host: decodeURIComponent(hostPort), port: 0 };
    const { host, port } = splitHostPort(hostPort, scheme === 'ldaps' ? 636 : defaultPort);
    return {
      url: `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`,
      scheme,
      host: host || 'localhost',
      port,
    };
  }
  const { host, port } = splitHostPort(item, defaultPort);
  return { url: `ldap://${host}:${port}`, scheme: 'ldap', host, port };
}

function splitHostPort(text: string, defaultPort: number): { host: string; port: number } {
  const bracket = /^\[([^\]]*)\](?::(\d+))?$/.exec(text);
  if (bracket) return { host: bracket[1] ?? '', port: bracket[2] ? Number(bracket[2]) : defaultPort };
  const m = /^([^:]*)(?::(\d+))?$/.exec(text);
  if (m) return { host: m[1] ?? '', port: m[2] ? Number(m[2]) : defaultPort };
  return { host: text, port: defaultPort };
}

function parseScope(s: string): LdapScope {
  const v = s.toLowerCase();
  if (v === 'base') return 'base';
  if (v === 'one' || v === 'onelevel') return 'one';
  return 'sub';
}

function toInt(s: string, dflt: number): number {
  return /^\d+$/.test(s.trim()) ? Number(s.trim()) : dflt;
}
