// Redacts one item (a file, a command's output, a log) line by line, keeping the little state lines need:
// a postfix value continued on indented lines, a SASL exchange after `AUTH PLAIN`, a private key block.
// Lines are latin1 strings (one char per byte), so bytes that are not UTF-8 pass through unchanged.
import type { KnownValues } from './known-values.js';
import {
  MASK,
  type BlockRule,
  type FieldRule,
  type FollowRule,
  type RedactionRecord,
  type RedactionRule,
} from './types.js';
import type { RedactionSummary } from './types.js';

export const KNOWN_SECRET_RULE = 'known secret';
const DEFAULT_MAX_RECORDS = 1000;
// Values a generic field often holds that are not secrets: never learned as secrets to search for everywhere.
const NOT_SECRETS = /^(?:true|false|yes|no|on|off|none|null|undef|session|required|optional)$/i;

export interface ItemRedactorOptions {
  readonly maxRecords?: number;
  // Called with each value a format rule found, so later items hide it wherever it shows.
  readonly learn?: (value: string) => void;
}

export class ItemRedactor {
  private done = 0; // newlines passed: the current line is done + 1
  private count = 0;
  private readonly byRule: Record<string, number> = {};
  private readonly records: RedactionRecord[] = [];
  private dropped = 0;
  private continuing: FieldRule | null = null;
  private inBlock: BlockRule | null = null;
  private readonly armed = new Map<FollowRule, number>();
  private readonly fields: FieldRule[];
  private readonly follows: FollowRule[];
  private readonly blocks: BlockRule[];
  private readonly hints: string;
  private readonly lowHints = new Map<RedactionRule, RegExp>();

  constructor(
    rules: readonly RedactionRule[],
    private readonly known: KnownValues,
    private readonly options: ItemRedactorOptions = {},
  ) {
    this.fields = rules.filter((r): r is FieldRule => r.kind === 'field');
    this.follows = rules.filter((r): r is FollowRule => r.kind === 'follow');
    this.blocks = rules.filter((r): r is BlockRule => r.kind === 'block');
    // Hints are plain words (rules.test.ts holds them to it), searched in the lowercased text: V8 searches
    // a case-sensitive alternation of literals several times faster than one with the i flag.
    this.hints = rules.map((r) => r.hint.source.toLowerCase()).join('|');
    for (const r of rules) this.lowHints.set(r, new RegExp(r.hint.source.toLowerCase()));
  }

  // Whole lines at once (each ending in \n; the last may not): lines no rule's hint and no known value
  // matches are copied as they are, the rest go through line(). The fast path for big logs.
  block(text: string): string {
    let out = '';
    let pos = 0;
    let lower: string | undefined;
    while (pos < text.length) {
      if (this.stateful()) {
        const end = lineEnd(text, pos);
        out += this.redactLine(text.slice(pos, end)) + text.slice(end, end + 1);
        if (end < text.length) this.done++;
        pos = end + 1;
        continue;
      }
      const filter = this.currentPrefilter();
      lower ??= text.toLowerCase(); // latin1: the same length, so offsets carry over
      filter.lastIndex = pos;
      const hit = filter.exec(lower);
      if (!hit) {
        this.done += countNewlines(text, pos, text.length);
        return out + text.slice(pos);
      }
      const start = text.lastIndexOf('\n', hit.index - 1) + 1;
      const begin = Math.max(start, pos);
      this.done += countNewlines(text, pos, begin);
      const end = lineEnd(text, begin);
      out += text.slice(pos, begin) + this.redactLine(text.slice(begin, end)) + text.slice(end, end + 1);
      if (end < text.length) this.done++;
      pos = end + 1;
    }
    return out;
  }

  // One whole line without its newline (a trailing \r stays), redacted.
  line(text: string): string {
    const out = this.redactLine(text);
    this.done++;
    return out;
  }

  // A line, or the piece of one a block ends with (a line longer than the stream's cap comes in pieces, all
  // under the one number: newlines counted, not calls).
  private redactLine(text: string): string {
    const whole = this.wholeLine(text);
    if (whole !== null) return whole;
    let out = text;
    let continued: FieldRule | null = null;
    const lower = text.toLowerCase();
    for (const rule of this.fields) {
      if (!this.lowHints.get(rule)!.test(lower)) continue;
      const next = this.applyField(rule, out);
      if (next !== out && rule.continuation) continued = rule;
      out = next;
    }
    this.continuing = continued;
    for (const rule of this.follows) {
      const left = this.armed.get(rule) ?? 0;
      if (left > 0) {
        out = this.applyField(rule, out);
        this.armed.set(rule, left - 1);
      }
      if (this.lowHints.get(rule)!.test(lower) && rule.trigger.test(text)) this.armed.set(rule, rule.lines);
    }
    return this.applyKnown(out);
  }

  // Lines that must each be looked at whatever they hold: inside a key block, after a continued value or
  // an AUTH without initial response.
  private stateful(): boolean {
    if (this.inBlock || this.continuing) return true;
    for (const left of this.armed.values()) if (left > 0) return true;
    return false;
  }

  private currentPrefilter(): RegExp {
    return this.known.prefilterFor(this.hints);
  }

  summary(): RedactionSummary {
    return { count: this.count, byRule: { ...this.byRule }, records: [...this.records], recordsDropped: this.dropped };
  }

  // Whole lines passed so far.
  get lines(): number {
    return this.done;
  }

  // A line masked whole (inside a key block, or continuing a secret value), or null.
  private wholeLine(text: string): string | null {
    if (this.inBlock) {
      const rule = this.inBlock;
      if (rule.end.test(text)) this.inBlock = null;
      return this.maskWhole(text, rule.name);
    }
    for (const rule of this.blocks) {
      if (!rule.begin.test(text)) continue;
      if (!rule.end.test(text)) this.inBlock = rule;
      return this.maskWhole(text, rule.name);
    }
    if (this.continuing && /^\s+\S/.test(text)) {
      this.learnValue(text.trim());
      return this.maskWhole(text, this.continuing.name);
    }
    return null;
  }

  private maskWhole(text: string, rule: string): string {
    if (text.trim() === '') return text;
    this.record(rule);
    return text.replace(/\S(?:.*\S)?/, MASK);
  }

  private applyField(rule: FieldRule | FollowRule, text: string): string {
    rule.re.lastIndex = 0;
    return text.replace(rule.re, (all: string, keep: string, value: string | undefined) => {
      if (value === undefined || value === '' || value === MASK) return all;
      if (rule.kind === 'field' && !rule.fallback) this.learnValue(value);
      this.record(rule.name);
      return `${keep}${MASK}`;
    });
  }

  private applyKnown(text: string): string {
    const { line, count } = this.known.replace(text, MASK);
    for (let i = 0; i < count; i++) this.record(KNOWN_SECRET_RULE);
    return line;
  }

  private learnValue(latin1: string): void {
    const learn = this.options.learn;
    if (!learn) return;
    const value = Buffer.from(latin1, 'latin1').toString('utf8');
    for (const form of new Set([value, unquote(value), unescapeShell(value)]))
      if (!NOT_SECRETS.test(form) && !form.includes(MASK)) learn(form);
  }

  private record(rule: string): void {
    this.count++;
    this.byRule[rule] = (this.byRule[rule] ?? 0) + 1;
    if (this.records.length < (this.options.maxRecords ?? DEFAULT_MAX_RECORDS))
      this.records.push({ line: this.done + 1, rule });
    else this.dropped++;
  }
}

function unquote(value: string): string {
  const v = value.trim();
  return v.length >= 2 && /^(["']).*\1$/.test(v) ? v.slice(1, -1) : v;
}

// `a\ b` -> `a b`; quoted parts of a shell word lose their quotes.
function unescapeShell(value: string): string {
  return value.replace(/'([^']*)'|"((?:\\.|[^"\\])*)"|\\(.)/g, (_all, s?: string, d?: string, e?: string) =>
    s !== undefined ? s : d !== undefined ? d.replace(/\\(.)/g, '$1') : (e ?? ''),
  );
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl === -1 ? text.length : nl;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
