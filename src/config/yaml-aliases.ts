// What the document's aliases expand to, counted before anything expands them: an alias bomb ("billion
// laughs") is ten short lines that expand to millions of values, which validation would then walk one by one.
// Also refused: an alias with no anchor before it, and one inside its own anchor (a loop no walk would end).
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import { MAX_YAML_VALUES } from './limits.js';

export function aliasProblems(doc: Document, pos: (offset: number) => string): string[] {
  const sizes = new Map<string, number>(); // anchor -> values its node expands to, as of this point
  const open = new Set<string>(); // anchors of the nodes being walked
  let total = 0;
  let problem: string | undefined;
  const at = (node: unknown): string => pos((node as Node).range?.[0] ?? 0);

  const walk = (node: unknown): void => {
    if (problem !== undefined || node === null || node === undefined) return;
    const before = total;
    const anchor = (node as Node).anchor;
    if (anchor) open.add(anchor);
    if (isAlias(node)) {
      const size = sizes.get(node.source);
      if (open.has(node.source)) problem = `${at(node)}: alias *${node.source} is inside its own anchor`;
      else if (size === undefined) problem = `${at(node)}: alias *${node.source} has no anchor before it`;
      else total += size;
    } else if (isMap(node) || isSeq(node)) {
      total += 1;
      for (const item of node.items) {
        if (isPair(item)) {
          walk(item.key);
          walk(item.value);
        } else walk(item);
      }
    } else if (isScalar(node)) total += 1;
    if (problem === undefined && total > MAX_YAML_VALUES) {
      problem = `${at(node)}: aliases expand the document to more than ${MAX_YAML_VALUES} values`;
    }
    if (anchor) {
      open.delete(anchor);
      sizes.set(anchor, total - before);
    }
  };
  walk(doc.contents);
  return problem === undefined ? [] : [problem];
}
