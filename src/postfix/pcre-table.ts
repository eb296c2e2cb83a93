// pcre_table(5): "/pattern/flags result", "!/pattern/ result", "if /pattern/" ... "endif", evaluated in
// order; the first match wins and $1/${1} in its result take the captured text.

export interface PcreRule {
  readonly kind: 'match' | 'if' | 'endif';
  readonly pattern?: string; // as written between the delimiters
  readonly flags?: string;
  readonly negated?: boolean;
  readonly result?: string;
  readonly line: number;
  readonly regex?: RegExp; // undefined when the PCRE cannot be expressed as a JS RegExp (see problem)
  readonly problem?: string;
}

export interface PcreTable {
  readonly rules: readonly PcreRule[];
  readonly errors: readonly string[]; // lines postfix would reject or warn about
}

export function parsePcreTable(text: string): PcreTable {
  const rules: PcreRule[] = [];
  const errors: string[] = [];
  for (const { text: logical, line } of logicalLines(text)) {
    if (/^endif\b/i.test(logical)) {
      rules.push({ kind: 'endif', line });
      continue;
    }
    const ifMatch = /^if\s+(.*)$/i.exec(logical);
    const body = ifMatch ? (ifMatch[1] ?? '') : logical;
    const parsed = parsePattern(body);
    if (!parsed) {
      errors.push(`line ${line}: no /pattern/ in ${JSON.stringify(logical)}`);
      continue;
    }
    const compiled = toRegExp(parsed.pattern, parsed.flags);
    const rule: PcreRule = {
      kind: ifMatch ? 'if' : 'match',
      pattern: parsed.pattern,
      flags: parsed.flags,
      negated: parsed.negated,
      line,
      ...(ifMatch ? {} : { result: parsed.rest }),
      ...('regex' in compiled ? { regex: compiled.regex } : { problem: compiled.problem }),
    };
    if (!ifMatch && parsed.rest === '') errors.push(`line ${line}: no result after the pattern`);
    rules.push(rule);
  }
  return { rules, errors };
}

function logicalLines(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const last = out[out.length - 1];
    if (/^\s/.test(raw) && last) last.text += ' ' + trimmed;
    else out.push({ text: trimmed, line: i + 1 });
  });
  return out;
}

// "!/re/flags rest" with any non-alphanumeric, non-space delimiter; a backslash escapes the delimiter.
function parsePattern(s: string): { negated: boolean; pattern: string; flags: string; rest: string } | null {
  let i = 0;
  let negated = false;
  while (s[i] === '!') {
    negated = !negated;
    i++;
  }
  const delim = s[i];
  if (delim === undefined || /[A-Za-z0-9\s\\]/.test(delim)) return null;
  let j = i + 1;
  let pattern = '';
  while (j < s.length && s[j] !== delim) {
    if (s[j] === '\\' && s[j + 1] === delim) {
      pattern += delim;
      j += 2;
      continue;
    }
    if (s[j] === '\\' && j + 1 < s.length) {
      pattern += s.slice(j, j + 2);
      j += 2;
      continue;
    }
    pattern += s[j];
    j++;
  }
  if (j >= s.length) return null;
  const flagMatch = /^[A-Za-z]*/.exec(s.slice(j + 1));
  const flags = flagMatch?.[0] ?? '';
  return { negated, pattern, flags, rest: s.slice(j + 1 + flags.length).trim() };
}

// PCRE to JS: case-insensitive unless "i" toggles it off; m, s as in JS; x strips layout; A anchors at the
// start; (?P<n> becomes (?<n>; \A \z \Z become ^ and $. Ungreedy (U) and anything JS refuses are reported.
export function toRegExp(pattern: string, flags: string): { regex: RegExp } | { problem: string } {
  let caseless = true;
  let js = '';
  let anchored = false;
  for (const f of flags) {
    if (f === 'i') caseless = !caseless;
    else if (f === 'm' || f === 's') js += f;
    else if (f === 'A') anchored = true;
    else if (f === 'U') return { problem: 'the U (ungreedy) flag has no JS equivalent' };
    else if (f !== 'x' && f !== 'E' && f !== 'X') return { problem: `unknown flag ${f}` };
  }
  if (caseless) js += 'i';
  let source = flags.includes('x') ? stripExtended(pattern) : pattern;
  if (/\(\?[a-zA-Z]*[imsx-][a-zA-Z-]*\)|\(\?[a-zA-Z-]+:/.test(source))
    return { problem: 'inline option settings like (?i) have no JS equivalent on Node 20' };
  if (/\(\?>|[*+?}]\+/.test(source))
    return { problem: 'atomic groups and possessive quantifiers have no JS equivalent' };
  source = source
    .replace(/\(\?P</g, '(?<')
    .replace(/\\A/g, '^')
    .replace(/\\[zZ]/g, '$');
  if (anchored) source = `^(?:${source})`;
  try {
    return { regex: new RegExp(source, js) };
  } catch (err) {
    return { problem: `not a JS regular expression: ${err instanceof Error ? err.message : String(err)}` };
  }
}

function stripExtended(p: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i] ?? '';
    if (c === '\\') {
      out += p.slice(i, i + 2);
      i++;
    } else if (inClass) {
      out += c;
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === '#') {
      while (i < p.length && p[i] !== '\n') i++;
    } else if (!/\s/.test(c)) out += c;
  }
  return out;
}

export type PcreAnswer =
  | { readonly found: true; readonly value: string; readonly line: number }
  | { readonly found: false }
  | { readonly found: 'unknown'; readonly line: number; readonly problem: string }; // a rule JS cannot evaluate

// The first rule that matches key, honouring if/endif nesting; "$1", "${1}", "$$" in its result.
export function evaluatePcre(table: PcreTable, key: string): PcreAnswer {
  let skipDepth = 0; // > 0: inside an if whose condition failed
  for (const rule of table.rules) {
    if (rule.kind === 'endif') {
      if (skipDepth > 0) skipDepth--;
      continue;
    }
    if (skipDepth > 0) {
      if (rule.kind === 'if') skipDepth++;
      continue;
    }
    if (!rule.regex) return { found: 'unknown', line: rule.line, problem: rule.problem ?? 'unparsed rule' };
    const m = rule.regex.exec(key);
    const matched = rule.negated ? m === null : m !== null;
    if (rule.kind === 'if') {
      if (!matched) skipDepth = 1;
      continue;
    }
    if (matched) return { found: true, value: substitute(rule.result ?? '', rule.negated ? null : m), line: rule.line };
  }
  return { found: false };
}

function substitute(result: string, m: RegExpExecArray | null): string {
  return result.replace(/\$(\$|\{(\d+)\}|(\d))/g, (_, all: string, braced?: string, bare?: string) => {
    if (all === '$') return '$';
    const n = Number(braced ?? bare);
    return m?.[n] ?? '';
  });
}
