// A JS regexp's source read into the little tree requiredLiterals needs: literal characters, sequences,
// alternations, groups and repeats; everything else (classes, '.', anchors, escapes like \d, backreferences,
// lookarounds) is 'other', which proves nothing about the text.
export type Node =
  | { readonly kind: 'char'; readonly text: string }
  | { readonly kind: 'seq'; readonly items: readonly Node[] }
  | { readonly kind: 'alt'; readonly branches: readonly Node[] }
  | { readonly kind: 'group'; readonly body: Node }
  | { readonly kind: 'repeat'; readonly body: Node; readonly min: number; readonly max: number }
  | { readonly kind: 'other' };

const OTHER: Node = { kind: 'other' };
const CONTROL_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v', '0': '\0' };

export function parseRegex(source: string): Node {
  const reader = new RegexReader(source);
  const node = reader.alternation();
  if (!reader.atEnd()) throw new SyntaxError(`unbalanced ')' at ${reader.position}`);
  return node;
}

class RegexReader {
  position = 0;
  constructor(private readonly source: string) {}

  atEnd(): boolean {
    return this.position >= this.source.length;
  }

  alternation(): Node {
    const branches = [this.sequence()];
    while (this.source[this.position] === '|') {
      this.position++;
      branches.push(this.sequence());
    }
    return branches.length === 1 ? (branches[0] ?? OTHER) : { kind: 'alt', branches };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (!this.atEnd() && this.source[this.position] !== '|' && this.source[this.position] !== ')') {
      const atom = this.atom();
      items.push(this.quantified(atom));
    }
    return { kind: 'seq', items };
  }

  private quantified(atom: Node): Node {
    const c = this.source[this.position];
    let min: number;
    let max: number;
    if (c === '*' || c === '+' || c === '?') {
      this.position++;
      [min, max] = c === '*' ? [0, Infinity] : c === '+' ? [1, Infinity] : [0, 1];
    } else {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.position));
      if (!m) return atom;
      this.position += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] ? Number(m[3]) : Infinity;
    }
    if (this.source[this.position] === '?') this.position++; // lazy: the same text
    return { kind: 'repeat', body: atom, min, max };
  }

  private atom(): Node {
    const c = this.source[this.position++] ?? '';
    switch (c) {
      case '\\':
        return this.escape();
      case '[':
        this.skipClass();
        return OTHER;
      case '(':
        return this.group();
      case '.':
      case '^':
      case '$':
        return OTHER;
      default:
        return { kind: 'char', text: c };
    }
  }

  private escape(): Node {
    const c = this.source[this.position++];
    if (c === undefined) throw new SyntaxError('\\ at end of pattern');
    const control = CONTROL_ESCAPES[c];
    if (control !== undefined && !(c === '0' && /\d/.test(this.source[this.position] ?? ''))) {
      return { kind: 'char', text: control };
    }
    const hex = c === 'x' ? /^[0-9a-fA-F]{2}/ : c === 'u' ? /^[0-9a-fA-F]{4}/ : undefined;
    if (hex) {
      const m = hex.exec(this.source.slice(this.position));
      if (!m) return OTHER;
      this.position += m[0].length;
      return { kind: 'char', text: String.fromCharCode(parseInt(m[0], 16)) };
    }
    if (/[a-zA-Z0-9]/.test(c)) {
      // \d \w \s \b \B \p{..} \k<..> \cX backreferences: classes, anchors or text not known here
      if (c === 'p' || c === 'P' || c === 'k') this.skipBraced();
      if (c === 'c') this.position++;
      return OTHER;
    }
    return { kind: 'char', text: c }; // an escaped punctuation character stands for itself
  }

  private group(): Node {
    let lookaround = false;
    if (this.source.startsWith('?:', this.position)) this.position += 2;
    else if (/^\?<?[=!]/.test(this.source.slice(this.position))) {
      lookaround = true;
      this.position += this.source[this.position + 1] === '<' ? 3 : 2;
    } else if (this.source.startsWith('?<', this.position)) {
      const end = this.source.indexOf('>', this.position);
      if (end < 0) throw new SyntaxError('unterminated group name');
      this.position = end + 1;
    } else if (this.source[this.position] === '?') {
      throw new SyntaxError(`unsupported group at ${this.position}`); // modifiers (?i:...) and the like
    }
    const body = this.alternation();
    if (this.source[this.position] !== ')') throw new SyntaxError("missing ')'");
    this.position++;
    return lookaround ? OTHER : { kind: 'group', body };
  }

  private skipClass(): void {
    for (; this.position < this.source.length; this.position++) {
      const c = this.source[this.position];
      if (c === '\\') this.position++;
      else if (c === ']') {
        this.position++;
        return;
      }
    }
    throw new SyntaxError("missing ']'");
  }

  private skipBraced(): void {
    const open = this.source[this.position];
    const close = open === '{' ? '}' : open === '<' ? '>' : undefined;
    if (!close) return;
    const end = this.source.indexOf(close, this.position);
    this.position = end < 0 ? this.source.length : end + 1;
  }
}
