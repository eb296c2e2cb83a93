// oxldapsync's configuration files (ldapsync-*.conf and mapping*.ads.conf): `key = value` lines, values
// optionally in double quotes, `#` comments.

export type SyncConf = ReadonlyMap<string, string>;

export function parseSyncConf(text: string): SyncConf {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z0-9_.-]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m?.[1] || line.trimStart().startsWith('#')) continue;
    const raw = m[2] ?? '';
    const quoted = /^"(.*)"$/.exec(raw);
    out.set(m[1].toLowerCase(), quoted ? (quoted[1] ?? '') : raw);
  }
  return out;
}

// The module access a mapping file grants: access-* keys, "on" -> true.
export function accessSet(mapping: SyncConf): ReadonlyMap<string, boolean> {
  const out = new Map<string, boolean>();
  for (const [k, v] of mapping) if (k.startsWith('access-')) out.set(k, /^(on|true|yes|1)$/i.test(v));
  return out;
}

// ldaptype = openldap searches without paging and so stops at the server's size limit (AD: 1000).
export function pagesResults(conf: SyncConf): boolean {
  return (conf.get('ldaptype') ?? '').toLowerCase() !== 'openldap';
}
