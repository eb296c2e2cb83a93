// The one redactor every piece of output passes through. Secrets are registered
// when they are resolved; redact() replaces every known form of them.

const MASK = '********';

export class Redactor {
  private readonly forms = new Set<string>();
  private pattern: RegExp | null = null;

  register(value: string): void {
    if (value.length < 3) {
      // Too short to search for without masking ordinary text; still never printed on purpose.
      if (value.length === 0) return;
    }
    for (const form of variants(value)) this.forms.add(form);
    this.pattern = null;
  }

  redact(text: string): string {
    if (this.forms.size === 0 || text.length === 0) return text;
    this.pattern ??= new RegExp(
      Array.from(this.forms)
        .sort((a, b) => b.length - a.length)
        .map(escapeRegExp)
        .join('|'),
      'g',
    );
    return text.replace(this.pattern, MASK);
  }

  // Deep copy of a JSON-like value with every string redacted.
  redactDeep<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.redactDeep(v)) as T;
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.redactDeep(v);
      return out as T;
    }
    return value;
  }

  get size(): number {
    return this.forms.size;
  }
}

// The forms a secret takes on its way out: as is, URL-encoded, JSON-escaped, base64.
function variants(value: string): string[] {
  const out = new Set<string>([value]);
  out.add(encodeURIComponent(value));
  out.add(JSON.stringify(value).slice(1, -1));
  if (value.length >= 6) out.add(Buffer.from(value).toString('base64').replace(/=+$/, ''));
  return [...out].filter((v) => v.length > 0);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const redactor = new Redactor();

// A resolved secret: never prints its value by accident.
export class Secret {
  readonly #value: string;
  constructor(
    value: string,
    readonly source: string, // e.g. "env:AD_BIND_PW", for messages
  ) {
    this.#value = value;
    redactor.register(value);
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return MASK;
  }
  toJSON(): string {
    return `<secret ${this.source}>`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `<secret ${this.source}>`;
  }
}
