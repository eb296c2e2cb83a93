// ldap_table(5) expansion as postfix's db_common_expand does it: %s %u %d %S %U %D %1..%9 %% in
// search_base (RFC 2253 quoting), query_filter (RFC 4515 quoting) and result_format (no quoting).
import type { LdapTable } from './ldap-table.js';

// postfix's dict_ldap_quote escapes * ( ) \ as \XX; NUL cannot reach it from postfix but is escaped here
// too (RFC 4515), so a hostile key can never end or widen the filter.
export function escapeFilterValue(value: string): string {
  return value.replace(/[*()\\\0]/g, (c) => '\\' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

// postfix's rfc2253_quote: whitespace, " # + , ; < > \ as \XX.
export function escapeDnValue(value: string): string {
  return value.replace(/[ \t"#+,;<>\\]/g, (c) => '\\' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

interface Parts {
  readonly whole: string;
  readonly user: string | null; // null: the key/value has "@" with an empty local part
  readonly domain: string | null; // null: unqualified
}

function partsOf(s: string): Parts {
  const at = s.lastIndexOf('@');
  if (at === -1) return { whole: s, user: s, domain: null };
  const user = s.slice(0, at);
  const domain = s.slice(at + 1);
  return { whole: s, user: user === '' ? null : user, domain: domain === '' ? null : domain };
}

// %1 is the most significant label of the domain: user@mail.example.com -> com, example, mail.
function component(domain: string | null, n: number): string | null {
  if (domain === null) return null;
  const labels = domain.split('.');
  return labels[labels.length - n] ?? null;
}

export class TemplateError extends Error {}

// null when postfix suppresses the lookup (or skips the result value); throws on a template postfix rejects.
// `value` feeds the lower-case expansions; `key` (result_format only) feeds the upper-case and digit ones.
export function expandTemplate(
  template: string,
  value: string,
  quote: (s: string) => string,
  key?: string,
): string | null {
  if (value === '') return null;
  const v = partsOf(value);
  const k = key === undefined ? v : partsOf(key);
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    if (ch !== '%') {
      out += ch;
      continue;
    }
    const spec = template[++i];
    let piece: string | null;
    switch (spec) {
      case '%':
        out += '%';
        continue;
      case 's':
        piece = v.whole;
        break;
      case 'u':
        piece = v.user;
        break;
      case 'd':
        piece = v.domain;
        break;
      case 'S':
        piece = k.whole;
        break;
      case 'U':
        piece = k.user;
        break;
      case 'D':
        piece = k.domain;
        break;
      default:
        if (spec !== undefined && /[1-9]/.test(spec)) {
          piece = component(k.domain, Number(spec));
          break;
        }
        throw new TemplateError(`invalid template character '%${spec ?? ''}' in ${JSON.stringify(template)}`);
    }
    if (piece === null) return null;
    out += quote(piece);
  }
  return out;
}

export type Suppressed = { readonly suppressed: string };

export interface LdapQuery {
  readonly base: string;
  readonly filter: string;
  readonly scope: LdapTable['scope'];
  readonly attributes: readonly string[];
}

// What postfix would send for key, or why it sends nothing. The key is folded to lower case as postfix
// does for every fixed-string table.
export function ldapQueryFor(table: LdapTable, rawKey: string): LdapQuery | Suppressed {
  const key = rawKey.toLowerCase();
  if (table.domain.length > 0) {
    const parts = partsOf(key);
    if (!key.includes('@') || parts.user === null || parts.domain === null) {
      return {
        suppressed: `the map has a domain list (${table.domain.join(', ')}) and ${rawKey} is not a full address`,
      };
    }
    if (!table.domain.some((d) => d.toLowerCase() === parts.domain)) {
      return { suppressed: `${parts.domain} is not in the map's domain list (${table.domain.join(', ')})` };
    }
  }
  const base = expandTemplate(table.searchBase, key, escapeDnValue);
  const filter = expandTemplate(table.queryFilter, key, escapeFilterValue);
  if (base === null || filter === null)
    return { suppressed: `${rawKey} lacks the local part or domain the query needs` };
  // Postfix's default filter and some configs omit the outer parentheses; LDAP needs them.
  const wrapped = filter.startsWith('(') ? filter : `(${filter})`;
  const attributes = [
    ...table.resultAttributes,
    ...table.specialResultAttributes,
    ...table.terminalResultAttributes,
    ...table.leafResultAttributes,
  ];
  return { base, filter: wrapped, scope: table.scope, attributes };
}

export function isSuppressed(q: LdapQuery | Suppressed): q is Suppressed {
  return 'suppressed' in q;
}

// Entries as attribute name -> values, the way any LDAP client returns them.
export type LdapEntry = Readonly<Record<string, string | readonly string[] | Buffer | readonly Buffer[]>>;

// The map's answer for key: every value of every result attribute of every entry through result_format,
// joined by commas; null when nothing came back (postfix: not found).
export function formatResult(table: LdapTable, rawKey: string, entries: readonly LdapEntry[]): string | null {
  const key = rawKey.toLowerCase();
  const wanted = new Set(table.resultAttributes.map((a) => a.toLowerCase()));
  const out: string[] = [];
  for (const entry of entries) {
    for (const [name, raw] of Object.entries(entry)) {
      if (!wanted.has(name.toLowerCase())) continue;
      const values = (Array.isArray(raw) ? raw : [raw]) as (string | Buffer)[];
      for (const value of values) {
        const text = typeof value === 'string' ? value : value.toString('utf8');
        const formatted = expandTemplate(table.resultFormat, text, (s) => s, key);
        if (formatted !== null) out.push(formatted);
      }
    }
  }
  return out.length > 0 ? out.join(',') : null;
}
