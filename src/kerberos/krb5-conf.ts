// krb5.conf (MIT profile syntax): [sections], "key = value" relations, "NAME = { ... }" subsections.

export interface HostPort {
  readonly host: string;
  readonly port?: number;
  readonly text: string; // as written, e.g. "172.18.224.27:88"
}

export interface Krb5Realm {
  readonly name: string;
  readonly kdc: readonly HostPort[];
  readonly adminServer: readonly HostPort[];
  readonly masterKdc: readonly HostPort[];
  readonly defaultDomain?: string;
}

export interface Krb5Conf {
  readonly defaultRealm?: string;
  readonly libdefaults: ReadonlyMap<string, string>; // first value of each relation wins, as in MIT
  readonly realms: ReadonlyMap<string, Krb5Realm>;
  readonly domainRealm: readonly { readonly domain: string; readonly realm: string }[];
  readonly sections: ReadonlyMap<string, ProfileNode>; // everything, for what the typed view omits
}

// A profile node: relation name -> values (strings) or child nodes, in file order.
export type ProfileNode = Map<string, (string | ProfileNode)[]>;

export function parseProfile(text: string): Map<string, ProfileNode> {
  const sections = new Map<string, ProfileNode>();
  let stack: ProfileNode[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[([^\]]+)\]/.exec(line);
    if (section) {
      const name = section[1]?.trim() ?? '';
      const node = sections.get(name) ?? new Map();
      sections.set(name, node);
      stack = [node];
      continue;
    }
    const top = stack[stack.length - 1];
    if (line.startsWith('}')) {
      if (stack.length > 1) stack.pop();
      continue;
    }
    if (!top) continue; // relations before any section (e.g. include lines) are ignored
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    let value = line.slice(eq + 1).trim();
    if (value === '{') {
      const child: ProfileNode = new Map();
      push(top, key, child);
      stack.push(child);
      continue;
    }
    if (value.endsWith('*')) value = value.slice(0, -1).trimEnd(); // "final" marker
    push(top, key, unquote(value));
  }
  return sections;
}

function push(node: ProfileNode, key: string, value: string | ProfileNode): void {
  const list = node.get(key);
  if (list) list.push(value);
  else node.set(key, [value]);
}

function unquote(v: string): string {
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
}

export function parseKrb5Conf(text: string): Krb5Conf {
  const sections = parseProfile(text);
  const libdefaults = new Map<string, string>();
  for (const [key, values] of sections.get('libdefaults') ?? []) {
    const first = values.find((v): v is string => typeof v === 'string');
    if (first !== undefined) libdefaults.set(key, first);
  }
  const realms = new Map<string, Krb5Realm>();
  for (const [name, values] of sections.get('realms') ?? []) {
    for (const v of values) if (typeof v !== 'string') realms.set(name, toRealm(name, v));
  }
  const domainRealm: { domain: string; realm: string }[] = [];
  for (const [domain, values] of sections.get('domain_realm') ?? []) {
    for (const v of values) if (typeof v === 'string') domainRealm.push({ domain, realm: v });
  }
  const defaultRealm = libdefaults.get('default_realm');
  return { ...(defaultRealm ? { defaultRealm } : {}), libdefaults, realms, domainRealm, sections };
}

function toRealm(name: string, node: ProfileNode): Krb5Realm {
  const strings = (key: string): string[] => (node.get(key) ?? []).filter((v): v is string => typeof v === 'string');
  const defaultDomain = strings('default_domain')[0];
  return {
    name,
    kdc: strings('kdc').map(parseHostPort),
    adminServer: strings('admin_server').map(parseHostPort),
    masterKdc: strings('master_kdc').map(parseHostPort),
    ...(defaultDomain ? { defaultDomain } : {}),
  };
}

// "host", "host:88", "[::1]:88", "tcp/host:88", "kkdcp URL" is kept as host text.
export function parseHostPort(text: string): HostPort {
  const t = text.trim().replace(/^(tcp|udp)\//i, '');
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(t);
  if (bracket) return { host: bracket[1] ?? '', ...(bracket[2] ? { port: Number(bracket[2]) } : {}), text };
  const m = /^([^:\s]+):(\d+)$/.exec(t);
  if (m) return { host: m[1] ?? '', port: Number(m[2]), text };
  return { host: t, text };
}

// The realm of a host name per [domain_realm]: exact name first, then the longest ".suffix".
export function realmForHost(conf: Krb5Conf, hostname: string): string | undefined {
  const name = hostname.toLowerCase();
  const exact = conf.domainRealm.find((d) => d.domain.toLowerCase() === name);
  if (exact) return exact.realm;
  let best: { domain: string; realm: string } | undefined;
  for (const d of conf.domainRealm) {
    const dom = d.domain.toLowerCase();
    if (dom.startsWith('.') && name.endsWith(dom) && (!best || dom.length > best.domain.length)) best = d;
  }
  return best?.realm ?? conf.defaultRealm;
}
