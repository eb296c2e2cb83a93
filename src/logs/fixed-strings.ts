// Literals every match of a JS regexp must contain, for the host's `grep -F` to cut the bytes before they cross
// SSH. Conservative: what cannot be proved is dropped, never guessed. The result is a set of alternatives (a line
// may match only if it contains one of them); an empty array means no filter can be derived.
import { parseRegex, type Node } from './regex-ast.js';

// The longest literal of each alternative; shorter ones filter no better and grep -F prefers long ones.
export function requiredLiterals(regexSource: string, flags = ''): string[] {
  if (flags.includes('i')) return []; // grep -F is case-sensitive: no literal survives case folding
  let ast: Node;
  try {
    ast = parseRegex(regexSource);
  } catch {
    return [];
  }
  const alternatives = literalsOf(ast);
  if (alternatives === undefined || alternatives.some((a) => a === '')) return [];
  return [...new Set(alternatives)];
}

// undefined: some match of the node need not contain any known literal.
function literalsOf(node: Node): string[] | undefined {
  switch (node.kind) {
    case 'alt': {
      const out: string[] = [];
      for (const branch of node.branches) {
        const lits = literalsOf(branch);
        if (lits === undefined) return undefined;
        out.push(...lits);
      }
      return out;
    }
    case 'seq':
      return bestOfSequence(node.items);
    case 'char':
      return [node.text];
    case 'group':
      return literalsOf(node.body);
    case 'repeat':
      return node.min >= 1 ? literalsOf(node.body) : undefined;
    case 'other':
      return undefined;
  }
}

// A sequence: runs of adjacent literal characters form strings; the best single requirement is the run (or the
// alternation of a group inside) with the longest shortest member.
function bestOfSequence(items: readonly Node[]): string[] | undefined {
  let best: string[] | undefined;
  let run = '';
  const consider = (candidate: string[] | undefined): void => {
    if (!candidate || candidate.length === 0) return;
    if (!best || score(candidate) > score(best)) best = candidate;
  };
  for (const item of items) {
    const exact = exactText(item);
    if (exact !== undefined) {
      run += exact;
      continue;
    }
    const repeated = item.kind === 'repeat' && item.min >= 1 ? exactText(item.body) : undefined;
    if (repeated !== undefined && item.kind === 'repeat') {
      // 'ab+c': the first copy ends the text before it ("ab"), the last starts the text after it ("bc").
      consider([run + repeated.repeat(item.min)]);
      run = repeated;
      continue;
    }
    consider(run ? [run] : undefined);
    run = '';
    consider(literalsOf(item));
  }
  consider(run ? [run] : undefined);
  return best;
}

function score(alternatives: readonly string[]): number {
  // Fewer alternatives with long members filter best; a single short one is still better than none.
  return Math.min(...alternatives.map((a) => a.length)) - (alternatives.length - 1) * 0.5;
}

// The exact text a node always matches (a literal char, or a group of them, or {n} of one), else undefined.
function exactText(node: Node): string | undefined {
  if (node.kind === 'char') return node.text;
  if (node.kind === 'group') return exactText(node.body);
  if (node.kind === 'seq') {
    let text = '';
    for (const item of node.items) {
      const t = exactText(item);
      if (t === undefined) return undefined;
      text += t;
    }
    return text;
  }
  if (node.kind === 'repeat' && node.min === node.max && node.min <= 16) {
    const t = exactText(node.body);
    return t === undefined ? undefined : t.repeat(node.min);
  }
  return undefined;
}
