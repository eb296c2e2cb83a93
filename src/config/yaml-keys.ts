// Keys of every YAML mapping, checked in one pass: no key twice (yaml's own check compares each key with
// every earlier one, which took minutes for a config of 100,000 hosts), and no "__proto__" (a JS object
// would take it as its prototype, and the entry would vanish without a word).
import { isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import { formatPath, type KeyPath } from './yaml-path.js';

type Position = (offset: number) => string;

export function keyProblems(doc: Document, pos: Position, line: (offset: number) => number): string[] {
  const problems: string[] = [];
  const walk = (node: unknown, path: KeyPath): void => {
    if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, [...path, i]));
      return;
    }
    if (!isMap(node)) return;
    const seen = new Map<string, number>(); // key -> offset of its first occurrence
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      const offset = (pair.key as Node).range?.[0] ?? 0;
      const first = seen.get(key);
      const where = `${pos(offset)}: ${formatPath([...path, key])}`;
      if (key === '__proto__') problems.push(`${where}: "__proto__" is not allowed as a key`);
      else if (first !== undefined) problems.push(`${where}: duplicate key (first at line ${line(first)})`);
      else seen.set(key, offset);
      walk(pair.value, [...path, key]);
    }
  };
  walk(doc.contents, []);
  return problems;
}
