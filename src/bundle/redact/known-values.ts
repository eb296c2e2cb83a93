// Secret values oxdoctor knows (its configuration's, and those the rules found in earlier items), matched
// wherever they appear in the forms they take on the way out: as is, URL-encoded, JSON-escaped, base64.
// Lines are handled as latin1 strings (one char per byte), so values are held as their UTF-8 bytes in latin1.

// Shorter values would mask ordinary text; the format rules still mask them in their fields.
export const MIN_KNOWN_LENGTH = 4;
// Longer ones are not passwords (a key, a binary blob read as text).
export const MAX_KNOWN_LENGTH = 256;

export class KnownValues {
  private readonly forms = new Set<string>();
  private pattern: RegExp | null = null;
  private changes = 0;
  // Compiled once per set of values and shared by every item (a bundle has hundreds): the prefilter per item's
  // rule hints. Safe to share: callers set lastIndex before each synchronous exec.
  private readonly prefilters = new Map<string, RegExp>();

  // false when the value is too short or too long to search for.
  add(value: string): boolean {
    if (value.length < MIN_KNOWN_LENGTH || value.length > MAX_KNOWN_LENGTH) return false;
    const before = this.forms.size;
    for (const form of formsOf(value)) this.forms.add(toLatin1(form));
    if (this.forms.size !== before) {
      this.pattern = null;
      this.prefilters.clear();
      this.changes++;
    }
    return true;
  }

  // Grows whenever a value is added: a prefilter built from the values is stale when it changed.
  get version(): number {
    return this.changes;
  }

  // The values as one regular expression source (alternatives), or null when there are none.
  source(): string | null {
    if (this.forms.size === 0) return null;
    return [...this.forms]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|');
  }

  // One search for the rules' hint words (already a lower-case regex source) or any value in lower case.
  prefilterFor(hints: string): RegExp {
    let filter = this.prefilters.get(hints);
    if (!filter) {
      const known = this.source()?.toLowerCase();
      const parts = [hints, known].filter((p): p is string => !!p);
      filter = new RegExp(parts.length > 0 ? parts.join('|') : '(?!)', 'g');
      this.prefilters.set(hints, filter);
    }
    return filter;
  }

  // Replaces every form in a latin1 line; returns the line and how many were replaced.
  replace(line: string, mask: string): { line: string; count: number } {
    if (this.forms.size === 0) return { line, count: 0 };
    this.pattern ??= new RegExp(this.source() ?? '(?!)', 'g');
    let count = 0;
    const out = line.replace(this.pattern, () => {
      count++;
      return mask;
    });
    return { line: out, count };
  }

  get size(): number {
    return this.forms.size;
  }
}

function formsOf(value: string): string[] {
  const out = new Set<string>([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]);
  out.add(value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")); // a perl or shell single-quoted form
  if (value.length >= 6) out.add(Buffer.from(value).toString('base64').replace(/=+$/, ''));
  return [...out].filter((v) => v.length >= MIN_KNOWN_LENGTH);
}

export function toLatin1(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
