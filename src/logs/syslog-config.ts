// A host's syslog configuration (sysklogd's syslog.conf, rsyslog.conf with rsyslog.d) read into ordered rules:
// legacy selector lines, '&' continuations, ':property, op, "value"' filters, simple RainerScript
// ('if $programname == "x" then', action(type="omfile" ...), blocks, stop) and includes.
import type { Statement, SyslogConfig } from './syslog-rules.js';
import { actionOf, conditionFilter, objectParams, propertyFilter } from './syslog-script.js';
import { parseSelector } from './syslog-selector.js';

export type { Filter, Statement, SyslogConfig } from './syslog-rules.js';

// files: path -> text of every file the host has (the main file and what it may include).
export function parseSyslogConfig(files: ReadonlyMap<string, string>, mainPath: string): SyslogConfig {
  const warnings: string[] = [];
  const statements = parseFile(files, mainPath, warnings, 0);
  return { statements, warnings };
}

function parseFile(files: ReadonlyMap<string, string>, path: string, warnings: string[], depth: number): Statement[] {
  const text = files.get(path);
  if (text === undefined) {
    warnings.push(`${path}: not read`);
    return [];
  }
  const reader: Reader = new Reader(
    stripComments(text.replace(/\\\r?\n/g, ' ')),
    (pattern): Statement[] => {
      if (depth > 8) return [];
      const paths = includedPaths(files, pattern);
      if (paths.length === 0 && !/[*?]|\/$/.test(pattern)) warnings.push(`${pattern}: not read`);
      return paths.flatMap((p) => parseFile(files, p, warnings, depth + 1));
    },
    (w) => warnings.push(`${path}: ${w}`),
  );
  return reader.block(false);
}

// rsyslog includes matching files in name order; a pattern ending in '/' means every file in that directory.
function includedPaths(files: ReadonlyMap<string, string>, pattern: string): string[] {
  const glob = pattern.endsWith('/') ? `${pattern}*` : pattern;
  const re = new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '[^/]*')
      .replace(/\?/g, '.')}$`,
  );
  return [...files.keys()].filter((p) => re.test(p)).sort();
}

// '#' to the end of the line, outside quotes; /* ... */ too (set off by white space).
function stripComments(text: string): string {
  let out = '';
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (quote) {
      if (c === '\\') out += c + (text[++i] ?? '');
      else out += c;
      if (c === quote || c === '\n') quote = '';
      continue;
    }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (
      c === '/' &&
      text[i + 1] === '*' &&
      /^\s?$/.test(text[i - 1] ?? '') &&
      /^[\s*]?$/.test(text[i + 2] ?? '')
    ) {
      // a C comment, not a path's '/*' as in '$IncludeConfig /etc/rsyslog.d/*.conf'
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else {
      if (c === '"' || c === "'") quote = c;
      out += c;
    }
  }
  return out;
}

const OBJECT = /^([A-Za-z_]+)\s*\(/;

class Reader {
  private pos = 0;
  private depth = 0; // of '{' blocks: inside one, a '}' ends a legacy line
  constructor(
    private readonly text: string,
    private readonly include: (pattern: string) => Statement[],
    private readonly warn: (text: string) => void,
  ) {}

  // Statements up to the end of the text, or to the '}' that closes a block.
  block(nested: boolean): Statement[] {
    const out: Statement[] = [];
    if (nested) this.depth++;
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.text.length) {
        if (nested) this.warn("'{' without its '}'");
        return out;
      }
      if (this.text[this.pos] === '}') {
        this.pos++;
        if (nested) {
          this.depth--;
          return out;
        }
        this.warn("unbalanced '}'");
        continue;
      }
      this.statement(out);
    }
  }

  private statement(out: Statement[]): void {
    const rest = this.text.slice(this.pos);
    const word = /^\S+/.exec(rest)?.[0] ?? '';
    if (word.startsWith('$')) return this.directive(out, this.line());
    if (word.startsWith('&')) {
      this.pos++;
      const last = out[out.length - 1];
      const actions = this.actions();
      if (last?.kind === 'rule') last.body.push(...actions);
      else this.warn("'&' without a rule before it");
      return;
    }
    if (/^if[\s(]/.test(rest)) return this.ifRule(out);
    if (word === 'else') {
      this.pos += 4;
      this.warn('else branches are not evaluated');
      this.body();
      return;
    }
    if (rest.startsWith(':')) return this.propertyRule(out);
    if (word === 'stop' || word === '~') {
      this.pos += word.length;
      out.push({ kind: 'stop' });
      return;
    }
    const object = OBJECT.exec(rest);
    if (object) return this.object(out, object[1] ?? '');
    if (/^(set|unset|reset|call)\b/.test(word)) {
      this.warn(`'${this.line()}' is not evaluated`);
      return;
    }
    // Legacy: "selector<whitespace>action".
    const lineStart = this.pos;
    const line = this.line();
    const m = /^(\S+)\s+([\s\S]*)$/.exec(line);
    const masks = m ? parseSelector(m[1] ?? '') : undefined;
    if (!m || !masks) {
      this.warn(`'${line}' is not understood`);
      return;
    }
    this.pos = lineStart + (m[1] ?? '').length; // re-read the action part with the action reader
    out.push({ kind: 'rule', filter: { kind: 'selector', masks, text: m[1] ?? '' }, body: this.actions() });
  }

  private directive(out: Statement[], line: string): void {
    const m = /^\$IncludeConfig\s+(\S+)/i.exec(line);
    if (m) out.push(...this.include(m[1] ?? ''));
  }

  private object(out: Statement[], name: string): void {
    const start = this.pos;
    this.pos = this.text.indexOf('(', this.pos);
    const args = this.balanced('(', ')');
    const params = objectParams(args);
    if (name === 'include') {
      const file = params.get('file');
      if (file) out.push(...this.include(file));
      else this.warn('include() without file= is not read');
    } else if (name === 'action') {
      out.push(actionOf(params, this.text.slice(start, this.pos)));
    } else if (name === 'ruleset') {
      this.warn(`ruleset ${params.get('name') ?? ''} is not the default ruleset: its rules are not evaluated`);
      this.skipSpace();
      if (this.text[this.pos] === '{') {
        this.pos++;
        this.block(true);
      }
    }
  }

  private ifRule(out: Statement[]): void {
    this.pos += 2;
    const thenAt = this.text.slice(this.pos).search(/\bthen\b/);
    if (thenAt < 0) {
      this.warn(`'if' without 'then': ${this.line()}`);
      return;
    }
    const condition = this.text.slice(this.pos, this.pos + thenAt).trim();
    this.pos += thenAt + 4;
    const filter = conditionFilter(condition);
    if (filter.kind === 'unknown') this.warn(`condition '${condition}' is not evaluated: its rule never matches`);
    out.push({ kind: 'rule', filter, body: this.body() });
  }

  // ":programname, startswith, "tomcat10"" then an action or a block.
  private propertyRule(out: Statement[]): void {
    const m = /^:\s*([\w-]+)\s*,\s*(!?[\w-]+)\s*,\s*"((?:[^"\\]|\\.)*)"/.exec(this.text.slice(this.pos));
    if (!m) {
      this.warn(`'${this.line()}' is not understood`);
      return;
    }
    this.pos += m[0].length;
    const filter = propertyFilter(m[1] ?? '', m[2] ?? '', m[3] ?? '');
    if (filter.kind === 'unknown') this.warn(`filter '${m[0]}' is not evaluated: its rule never matches`);
    out.push({ kind: 'rule', filter, body: this.body() });
  }

  // The body of a filter: a block, or the actions on the rest of the line.
  private body(): Statement[] {
    this.skipSpace();
    if (this.text[this.pos] === '{') {
      this.pos++;
      return this.block(true);
    }
    return this.actions();
  }

  // One legacy action or action(...) or stop, to the end of the line.
  private actions(): Statement[] {
    this.skipBlanks();
    const rest = this.text.slice(this.pos);
    if (/^action\s*\(/.test(rest)) {
      const start = this.pos;
      this.pos = this.text.indexOf('(', this.pos);
      const args = this.balanced('(', ')');
      return [actionOf(objectParams(args), this.text.slice(start, this.pos))];
    }
    if (rest.startsWith('{')) return this.body();
    const text = this.line().trim();
    if (text === '~' || text === 'stop') return [{ kind: 'stop' }];
    const file = /^-?(\/[^;\s]*)/.exec(text);
    return [file ? { kind: 'file', path: file[1] ?? '' } : { kind: 'other', text }];
  }

  private balanced(open: string, close: string): string {
    const start = this.pos + 1;
    let depth = 0;
    let quote = '';
    for (; this.pos < this.text.length; this.pos++) {
      const c = this.text[this.pos];
      if (quote) {
        if (c === '\\') this.pos++;
        else if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === open) depth++;
      else if (c === close && --depth === 0) break;
    }
    const inner = this.text.slice(start, this.pos);
    this.pos++;
    return inner;
  }

  private line(): string {
    const end = this.text.indexOf('\n', this.pos);
    let stop = end < 0 ? this.text.length : end;
    const brace = this.text.indexOf('}', this.pos);
    if (this.depth > 0 && brace >= 0 && brace < stop) stop = brace;
    const line = this.text.slice(this.pos, stop);
    this.pos = stop;
    return line.trimEnd();
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] ?? '')) this.pos++;
  }

  private skipBlanks(): void {
    while (this.text[this.pos] === ' ' || this.text[this.pos] === '\t') this.pos++;
  }
}
