// A YAML config file parsed with positions, so every problem can name file:line:column.
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node, Pair, YAMLError } from 'yaml';
import { aliasProblems } from './yaml-aliases.js';
import { keyProblems } from './yaml-keys.js';
import type { KeyPath } from './yaml-path.js';

export { formatPath, type KeyPath } from './yaml-path.js';

export interface YamlSource {
  readonly file: string;
  readonly value: unknown; // plain JS value of the document
  readonly syntaxErrors: readonly string[]; // already "file:line:col: message"
  // "file:line:col" of the node at path (or of its key, or of the nearest existing parent).
  where(path: KeyPath, at?: 'value' | 'key'): string;
  // The plain value at path, undefined when absent.
  valueAt(path: KeyPath): unknown;
  // Whether the mapping at the parent of path has the key (with any value, null included).
  has(path: KeyPath): boolean;
}

export function parseYamlSource(text: string, file: string): YamlSource {
  const lines = new LineCounter();
  // uniqueKeys off: yaml's check is quadratic in the keys of a mapping; keyProblems does it in one pass.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const pos = (offset: number): string => {
    const { line, col } = lines.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  const line = (offset: number): number => lines.linePos(offset).line;
  const syntaxErrors = doc.errors.map((e) => `${pos(e.pos[0])}: ${messageOf(e)}`);
  if (syntaxErrors.length === 0) syntaxErrors.push(...keyProblems(doc, pos, line));
  if (syntaxErrors.length === 0) syntaxErrors.push(...aliasProblems(doc, pos));
  // aliasProblems bounds what aliases expand to, so yaml's own alias count (100, too few for 150 hosts
  // sharing one `ssh: *defaults`) is not needed.
  const value: unknown = syntaxErrors.length > 0 ? undefined : doc.toJS({ maxAliasCount: -1 });
  const pairs: PairIndex = new WeakMap();
  return {
    file,
    value,
    syntaxErrors,
    where(path, at = 'value') {
      const offset = offsetOf(doc, path, at, pairs);
      return offset === undefined ? `${file}:1:1` : pos(offset);
    },
    valueAt(path) {
      return walkValue(value, path);
    },
    has(path) {
      if (path.length === 0) return true;
      const parent = walkValue(value, path.slice(0, -1));
      const last = path[path.length - 1]!;
      return parent !== null && typeof parent === 'object' && Object.hasOwn(parent, last);
    },
  };
}

// yaml's messages end with " at line N, column M" plus a source excerpt; one line is what we want.
function messageOf(e: YAMLError): string {
  if (e.code === 'MULTIPLE_DOCS') return 'one YAML document expected, found a second one';
  if (e.code === 'RESOURCE_EXHAUSTION') return 'nested too deeply';
  return (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, '');
}

function walkValue(value: unknown, path: KeyPath): unknown {
  let node = value;
  for (const seg of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, seg)) return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}

// Walk down as far as the path exists; report the deepest node found. Pairs are looked up by key through an
// index built once per mapping: a search per problem would be quadratic in a big mapping with many problems.
type PairIndex = WeakMap<object, Map<string, Pair>>;

function offsetOf(doc: Document, path: KeyPath, at: 'value' | 'key', index: PairIndex): number | undefined {
  let node: unknown = doc.contents;
  let best: number | undefined = (node as Node | null)?.range?.[0];
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      let pairs = index.get(node);
      if (!pairs) {
        pairs = new Map();
        for (const p of node.items) if (isPair(p) && isScalar(p.key)) pairs.set(String(p.key.value), p);
        index.set(node, pairs);
      }
      const pair = pairs.get(String(seg));
      if (!pair) return best;
      const keyOffset = (pair.key as Node).range?.[0];
      if (last && at === 'key') return keyOffset ?? best;
      node = pair.value;
      best = (node as Node | null)?.range?.[0] ?? keyOffset ?? best;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      if (node === undefined) return best;
      best = (node as Node).range?.[0] ?? best;
    } else {
      return best;
    }
  }
  return best;
}
