// A YAML config file parsed with positions, so every problem can name file:line:column.
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';

export type KeyPath = readonly (string | number)[];

export interface YamlSource {
  readonly file: string;
  readonly value: unknown; // plain JS value of the document
  readonly syntaxErrors: readonly string[]; // already "file:line:col: message"
  // "file:line:col" of the node at path (or of its key, or of the nearest existing parent).
  where(path: KeyPath, at?: 'value' | 'key'): string;
  // The plain value at path, undefined when absent.
  valueAt(path: KeyPath): unknown;
}

export function parseYamlSource(text: string, file: string): YamlSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const pos = (offset: number): string => {
    const { line, col } = lines.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  const syntaxErrors = doc.errors.map((e) => `${pos(e.pos[0])}: ${firstLine(e.message)}`);
  return {
    file,
    value: syntaxErrors.length > 0 ? undefined : doc.toJS(),
    syntaxErrors,
    where(path, at = 'value') {
      const offset = offsetOf(doc, path, at);
      return offset === undefined ? `${file}:1:1` : pos(offset);
    },
    valueAt(path) {
      const node = doc.getIn(path, true) as Node | undefined;
      if (node === undefined || node === null) return undefined;
      return isScalar(node) ? node.value : (node as { toJSON?: () => unknown }).toJSON?.();
    },
  };
}

function offsetOf(doc: Document, path: KeyPath, at: 'value' | 'key'): number | undefined {
  // Walk down as far as the path exists; report the deepest node found.
  let node: unknown = doc.contents;
  let best: number | undefined = (node as Node | null)?.range?.[0];
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
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

// yaml's messages end with " at line N, column M" plus a source excerpt; one line is what we want.
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

// hosts.servera.ssh.port, thresholds["queue.deferred"].warn, hosts.a.roles[1]
export function formatPath(path: KeyPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out === '' ? '(top level)' : out;
}
