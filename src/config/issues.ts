// Zod issues turned into one line each: where, which key, what was expected, what arrived.
import type { z } from 'zod';
import { quoted } from './quote.js';
import { formatPath, type KeyPath } from './yaml-path.js';
import type { YamlSource } from './yaml-source.js';

type Issue = z.core.$ZodIssue;

export function describeIssues(issues: readonly Issue[], source: YamlSource, schema: z.ZodType): string[] {
  const out: string[] = [];
  for (const issue of issues) {
    const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeys(schema, path);
      for (const key of issue.keys) {
        const full = [...path, key];
        const hint = allowed.length > 0 ? ` (expected one of: ${allowed.join(', ')})` : '';
        out.push(`${source.where(full, 'key')}: ${formatPath(full)}: unknown key${hint}`);
      }
      continue;
    }
    const actual = source.valueAt(path);
    // A missing key is reported where its parent's key is written.
    const missing = actual === undefined && !source.has(path) && path.length > 1;
    // A bad name (a host, a threshold) is reported where the name is written.
    const at = issue.code === 'invalid_key' ? 'key' : 'value';
    const where = missing ? source.where(path.slice(0, -1), 'key') : source.where(path, at);
    out.push(`${where}: ${formatPath(path)}: ${explain(issue, actual, source, path)}`);
  }
  return out;
}

function explain(issue: Issue, actual: unknown, source: YamlSource, path: KeyPath): string {
  const exists = actual !== undefined || source.has(path);
  const got = exists ? `, got ${describeValue(actual)}` : '';
  switch (issue.code) {
    case 'invalid_type':
      return exists ? `expected ${noun(issue.expected)}${got}` : `missing (expected ${noun(issue.expected)})`;
    case 'invalid_value':
      return `expected one of ${issue.values.map(String).join(', ')}${got}`;
    case 'too_small':
      return `${smallText(issue)}${got}`;
    case 'too_big':
      if (issue.message.startsWith('expected')) return `${issue.message}${got}`;
      return `expected ${issue.origin === 'number' ? `a number <= ${issue.maximum}` : `at most ${items(issue.maximum)}`}${got}`;
    case 'invalid_format':
      return `${issue.message.startsWith('expected') ? issue.message : `expected ${issue.format}`}${got}`;
    case 'invalid_union': {
      const expected = [
        ...new Set(issue.errors.flat().flatMap((e) => (e.code === 'invalid_type' ? [noun(e.expected)] : []))),
      ];
      return expected.length > 0 ? `expected ${expected.join(' or ')}${got}` : `${issue.message}${got}`;
    }
    case 'invalid_key': {
      const inner = issue.issues[0];
      if (inner?.message.startsWith('unknown')) return inner.message;
      const why = inner && inner.message.startsWith('expected') ? inner.message : 'not a valid name';
      return `${why}, got ${quoted(String(path[path.length - 1]))}`;
    }
    case 'custom': {
      const secret = (issue.params as { secret?: boolean } | undefined)?.secret === true;
      return secret || !issue.message.startsWith('expected') ? issue.message : `${issue.message}${got}`;
    }
    default:
      return issue.message;
  }
}

function smallText(issue: Extract<Issue, { code: 'too_small' }>): string {
  if (issue.origin === 'number') return `expected a number >= ${issue.minimum}`;
  if (issue.origin === 'string') return 'expected a non-empty string';
  return `expected at least ${items(issue.minimum)}`;
}

function items(n: number | bigint): string {
  return `${n} ${n === 1 ? 'item' : 'items'}`;
}

function noun(expected: string): string {
  const nouns: Record<string, string> = {
    string: 'a string',
    number: 'a number',
    int: 'a whole number',
    boolean: 'true or false',
    array: 'a list',
    object: 'a mapping',
    record: 'a mapping',
  };
  return nouns[expected] ?? expected;
}

export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (typeof v === 'string') return quoted(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : `a list of ${v.length}`;
  return 'a mapping';
}

// The keys an object schema allows at path, read from the zod definition (for "expected one of").
function allowedKeys(schema: z.ZodType, path: KeyPath): string[] {
  let node: unknown = schema;
  for (const seg of [...path, null]) {
    node = unwrap(node);
    const def = (node as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (!def) return [];
    if (seg === null) return def.type === 'object' ? Object.keys(def.shape as object) : [];
    if (def.type === 'object') node = (def.shape as Record<string, unknown>)[String(seg)];
    else if (def.type === 'record') node = def.valueType;
    else if (def.type === 'array') node = def.element;
    else return [];
  }
  return [];
}

function unwrap(node: unknown): unknown {
  for (let i = 0; i < 10; i++) {
    const def = (node as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
    if (!def) return node;
    if (['optional', 'default', 'prefault', 'nullable', 'readonly'].includes(def.type as string)) node = def.innerType;
    else if (def.type === 'pipe') node = def.in;
    else return node;
  }
  return node;
}
