// A key an ldap map is about, taken from the directory itself: the query with every expansion widened to
// "*" finds one entry, and the attribute the key lands in gives the key back. Lets a check trace a real
// address of the kind the map serves (e.g. an OX+Exchange user's forwarding contact) without config.
import type { LdapEntry } from './ldap-expand.js';
import type { LdapTable } from './ldap-table.js';

export interface SampleQuery {
  readonly filter: string;
  readonly attribute: string; // where the key sits
  readonly valuePattern: RegExp; // captures the key (group 1)
  readonly keyIsLocalPart: boolean; // %u: the capture is a local part
}

// null when the query has no "(attr=...%s...)" or "(attr=...%u...)" assertion to invert.
export function sampleQuery(table: LdapTable): SampleQuery | null {
  if (/%[a-zA-Z1-9]/.test(table.searchBase)) return null;
  const filter = table.queryFilter.startsWith('(') ? table.queryFilter : `(${table.queryFilter})`;
  const assertion = /\(([A-Za-z0-9;.-]+)=([^()]*%[su][^()]*)\)/.exec(filter);
  if (!assertion) return null;
  const attribute = assertion[1] ?? '';
  const value = assertion[2] ?? '';
  const spec = /%([su])/.exec(value)?.[1] ?? 's';
  let pattern = '';
  let captured = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i] ?? '';
    if (c === '%' && i + 1 < value.length) {
      const s = value[++i];
      if (s === '%') pattern += '%';
      else if (!captured && s === spec) {
        pattern += '(.+?)';
        captured = true;
      } else pattern += '.*?';
    } else if (c === '*') pattern += '.*?';
    else pattern += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  const wide = filter.replace(/%%|%[a-zA-Z1-9]/g, (m) => (m === '%%' ? '%' : '*')).replace(/\*{2,}/g, '*');
  return { filter: wide, attribute, valuePattern: new RegExp(`^${pattern}$`, 'i'), keyIsLocalPart: spec === 'u' };
}

// The key found in entry, or null.
export function keyFromEntry(q: SampleQuery, entry: LdapEntry): string | null {
  for (const [name, raw] of Object.entries(entry)) {
    if (name.toLowerCase() !== q.attribute.toLowerCase()) continue;
    const values = (Array.isArray(raw) ? raw : [raw]) as (string | Buffer)[];
    for (const v of values) {
      const m = q.valuePattern.exec(typeof v === 'string' ? v : v.toString('utf8'));
      if (m?.[1]) return m[1].toLowerCase();
    }
  }
  return null;
}
