// One pass over a text's words (runs of letters, digits, "_" and "-", as host names and logins are): each word
// that may be known (a cheap filter on its first and last letter and its length) is looked up in a Set or Map,
// never matched by one regex of every name: a site has thousands of users.

// The characters of a word: 0-9 A-Z a-z _ -
export const WORD_CHAR = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  WORD_CHAR[c] = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 ? 1 : 0;
}

export const MAX_WORD = 64;

// 0 for a (first letter, last letter, length) no known word has; lowercase words only.
export class WordFilter {
  private readonly bits = new Uint8Array(1 << 16);

  add(word: string): void {
    if (word.length > 0) this.bits[filterKey(word, 0, word.length)] = 1;
  }

  mayHold(lower: string, start: number, end: number): boolean {
    return this.bits[filterKey(lower, start, end)] === 1;
  }
}

function filterKey(s: string, start: number, end: number): number {
  return ((s.charCodeAt(start) * 961 + s.charCodeAt(end - 1) * 31 + (end - start)) * 2654435761) >>> 16;
}

// What replaces the word at [start, end) of the lowercased text (a known word may run on past end: john.doe),
// or undefined to leave it.
export type FindWord = (
  text: string,
  lower: string,
  start: number,
  end: number,
) => { end: number; replacement: string } | undefined;

// The text with every word find() knows replaced, an UPPER original in upper case.
export function replaceWords(text: string, filter: WordFilter, find: FindWord): string {
  const lower = lowerSameOffsets(text);
  let out = '';
  let pos = 0;
  const n = lower.length;
  for (let i = 0; i < n;) {
    if (WORD_CHAR[lower.charCodeAt(i)] !== 1) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && WORD_CHAR[lower.charCodeAt(i)] === 1) i++;
    if (i - start > MAX_WORD || !filter.mayHold(lower, start, i)) continue;
    const found = find(text, lower, start, i);
    if (!found) continue;
    const original = text.slice(start, found.end);
    const upper = hasUpper(text, lower, start, found.end);
    out += text.slice(pos, start) + (upper ? sameCase(original, found.replacement) : found.replacement);
    pos = i = found.end;
  }
  return pos === 0 ? text : out + text.slice(pos);
}

// latin1 lowercases letter for letter; a JSON string's other characters might not (İ): then ASCII only.
export function lowerSameOffsets(text: string): string {
  const lower = text.toLowerCase();
  return lower.length === text.length ? lower : text.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

// Whether the text differs from its lowercase in [start, end): only then does the case matter.
function hasUpper(text: string, lower: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) if (text.charCodeAt(k) !== lower.charCodeAt(k)) return true;
  return false;
}

// UPPER stays UPPER (a Kerberos realm, a shouted login), anything else lowercase.
export function sameCase(original: string, replacement: string): string {
  return original === original.toUpperCase() && original !== original.toLowerCase()
    ? replacement.toUpperCase()
    : replacement;
}
