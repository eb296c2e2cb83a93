import type { BundleRedactor } from '../redact/redactor.js';

// A JSON document's strings changed one by one (keys and values), so a name right after an escape ("\nservera")
// is still a word of its own to the obfuscator, and the JSON stays JSON.
export function mapStrings<T>(value: T, fn: (s: string) => string): T {
  const deep = (v: unknown): unknown => {
    if (typeof v === 'string') return fn(v);
    if (Array.isArray(v)) return v.map(deep);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [fn(k), deep(x)]));
    return v;
  };
  return deep(value) as T;
}

// A JSON text with every string through fn; a text that is not JSON through fn whole.
export function mapJsonText(text: string, fn: (s: string) => string): string {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return fn(text);
  }
  return `${JSON.stringify(mapStrings(doc, fn), null, 2)}\n`;
}

// One redactor for every string of a JSON document (redactText would build one per string: a prefilter of
// every known value compiled thousands of times for a manifest).
export function stringRedactor(redactor: BundleRedactor, name: string): (s: string) => string {
  const item = redactor.forItem({ kind: 'text', name });
  return (s) => Buffer.from(item.block(Buffer.from(s, 'utf8').toString('latin1')), 'latin1').toString('utf8');
}
