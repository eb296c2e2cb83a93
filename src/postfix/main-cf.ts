// main.cf and `postconf -n` output: "name = value" logical lines, plus $name expansion and list splitting.
// The same syntax serves ldap_table(5), pcre and other map files of the "key = value" kind.

export interface MainCfEntry {
  readonly name: string;
  readonly value: string;
  readonly line: number; // 1-based line where the logical line starts
}

export interface MainCf {
  readonly entries: readonly MainCfEntry[]; // in file order, duplicates kept
  readonly params: ReadonlyMap<string, string>; // last definition wins, as in postfix
}

// Logical lines: a line starting with whitespace continues the previous one; '#' comments only at line start.
export function parseMainCf(text: string): MainCf {
  const entries: MainCfEntry[] = [];
  let current: { text: string; line: number } | null = null;
  const flush = (): void => {
    if (current === null) return;
    const entry = toEntry(current.text, current.line);
    if (entry) entries.push(entry);
    current = null;
  };
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (/^\s/.test(raw) && current !== null) {
      current.text += ' ' + trimmed;
      continue;
    }
    flush();
    current = { text: trimmed, line: i + 1 };
  }
  flush();
  const params = new Map<string, string>();
  for (const e of entries) params.set(e.name, e.value);
  return { entries, params };
}

function toEntry(text: string, line: number): MainCfEntry | null {
  const eq = text.indexOf('=');
  if (eq <= 0) return null; // not a parameter line; postfix would complain, we skip
  const name = text.slice(0, eq).trim();
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) return null;
  return { name, value: text.slice(eq + 1).trim(), line };
}

export type ParamLookup = (name: string) => string | undefined;

// Expands $name, ${name}, $(name), ${name?value}, ${name:value}, ${name?{a}:{b}} and $$.
// Names the lookup does not know are left as written, because `postconf -n` omits defaults.
export function expandParams(value: string, lookup: ParamLookup, depth = 0): string {
  if (depth > 20 || !value.includes('$')) return value;
  let out = '';
  let i = 0;
  while (i < value.length) {
    const ch = value[i];
    if (ch !== '$') {
      out += ch;
      i++;
      continue;
    }
    const next = value[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{' || next === '(') {
      const close = matchingClose(value, i + 1);
      if (close === -1) {
        out += value.slice(i);
        break;
      }
      out += expandBraced(value.slice(i + 2, close), value.slice(i, close + 1), lookup, depth);
      i = close + 1;
      continue;
    }
    const m = /^[A-Za-z0-9_]+/.exec(value.slice(i + 1));
    if (!m) {
      out += '$';
      i++;
      continue;
    }
    const name = m[0];
    const found = lookup(name);
    out += found === undefined ? '$' + name : expandParams(found, lookup, depth + 1);
    i += 1 + name.length;
  }
  return out;
}

function expandBraced(inner: string, original: string, lookup: ParamLookup, depth: number): string {
  const m = /^([A-Za-z0-9_]+)\s*(?:([?:])(.*))?$/s.exec(inner);
  if (!m) return original;
  const name = m[1] ?? '';
  const found = lookup(name);
  if (m[2] === undefined) return found === undefined ? original : expandParams(found, lookup, depth + 1);
  if (found === undefined) return original;
  const nonEmpty = expandParams(found, lookup, depth + 1) !== '';
  const [whenSet, whenEmpty] = splitAlternatives(m[2], m[3] ?? '');
  const chosen = nonEmpty ? whenSet : whenEmpty;
  return chosen === undefined ? '' : expandParams(chosen, lookup, depth + 1);
}

// "?value", "?{a}:{b}", ":value" -> [value when non-empty, value when empty]
function splitAlternatives(op: string, rest: string): [string | undefined, string | undefined] {
  const body = rest.trim();
  if (op === ':') return [undefined, unbrace(body)];
  if (body.startsWith('{')) {
    const close = matchingClose(body, 0);
    if (close !== -1) {
      const first = body.slice(1, close).trim();
      const after = body.slice(close + 1).trim();
      if (after.startsWith(':')) return [first, unbrace(after.slice(1).trim())];
      return [first, undefined];
    }
  }
  return [body, undefined];
}

function unbrace(s: string): string {
  return s.startsWith('{') && s.endsWith('}') ? s.slice(1, -1).trim() : s;
}

// Index of the bracket closing the one at `open` ("{" or "("), or -1.
export function matchingClose(s: string, open: number): number {
  const o = s[open];
  const c = o === '(' ? ')' : '}';
  let level = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === o) level++;
    else if (s[i] === c && --level === 0) return i;
  }
  return -1;
}

// Postfix list syntax: items separated by whitespace and/or commas; "{ ... }" keeps one item whole.
export function splitList(value: string): string[] {
  const items: string[] = [];
  let cur = '';
  let level = 0;
  for (const ch of value) {
    if (ch === '{') level++;
    if (ch === '}' && level > 0) level--;
    if (level === 0 && (ch === ',' || /\s/.test(ch))) {
      if (cur !== '') items.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur !== '') items.push(cur);
  return items.map((item) => (item.startsWith('{') && item.endsWith('}') ? item.slice(1, -1).trim() : item));
}

export interface TableRef {
  readonly type: string; // "ldap", "pcre", "hash", ...
  readonly name: string; // file path or name after the type
  readonly proxied: boolean; // behind proxy:
  readonly text: string; // as written
}

// "proxy:ldap:/etc/postfix/x" -> {type: ldap, name: /etc/postfix/x, proxied: true}; null for non-tables.
export function parseTableRef(item: string): TableRef | null {
  let rest = item;
  let proxied = false;
  if (rest.startsWith('proxy:')) {
    proxied = true;
    rest = rest.slice('proxy:'.length);
  }
  const m = /^([a-z][a-z0-9_]*):(.+)$/.exec(rest);
  if (!m) return null;
  return { type: m[1] ?? '', name: m[2] ?? '', proxied, text: item };
}

// Every table reference in a parameter value, in order (e.g. virtual_alias_maps).
export function tableRefs(value: string): TableRef[] {
  return splitList(value)
    .filter((item) => !item.startsWith('$'))
    .map(parseTableRef)
    .filter((r): r is TableRef => r !== null);
}
