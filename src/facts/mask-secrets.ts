// Masks the secret values of a host's config file before it becomes evidence, by the file's format
// (secret-fields.ts), and hands every value it masked to the redactor so it is hidden wherever else it shows.
import { redactor } from '../core/redact.js';
import { FALLBACK, SECRET_FILES, SECRET_FORMATS, type SecretFormat } from './secret-fields.js';

export const MASK = '********';
// Shorter values are masked in the file but not searched for in all output (too many false hits).
const MIN_REGISTERED = 4;
// Longer lines are not passwords (a binary keytab read as text, a key): masked in the file, not searched for.
const MAX_REGISTERED = 256;

export interface MaskedText {
  readonly text: string;
  readonly secrets: readonly string[];
}

export function secretFormatOf(path: string): SecretFormat {
  return SECRET_FORMATS.find((f) => f.paths.test(path)) ?? FALLBACK;
}

// The text with every secret value replaced, and the values replaced (quotes stripped).
export function maskSecrets(path: string, text: string): MaskedText {
  const secrets: string[] = [];
  if (SECRET_FILES.test(path)) {
    for (const line of text.split('\n')) if (line.trim() !== '') secrets.push(line.trim());
    return { text: `(not shown: ${path} holds secrets; ${Buffer.byteLength(text)} bytes)`, secrets };
  }
  const format = secretFormatOf(path);
  const rules = format.rules.map(
    (r) => new RegExp(r.re.source, r.re.flags.includes('g') ? r.re.flags : `${r.re.flags}g`),
  );
  let inSecret = false; // a continuation line of a masked value
  const lines = text.split('\n').map((line) => {
    if (format.continuation && inSecret && /^\s+\S/.test(line)) {
      secrets.push(line.trim());
      return line.replace(/\S.*$/, MASK);
    }
    inSecret = false;
    let out = line;
    for (const re of rules) {
      out = out.replace(re, (all: string, keep: string, value: string) => {
        if (value === MASK) return all;
        secrets.push(unquote(value));
        inSecret = true;
        return `${keep}${MASK}`;
      });
    }
    return out;
  });
  return { text: lines.join('\n'), secrets };
}

// maskSecrets, and every value found registered with the one redactor.
export function maskAndRegister(path: string, text: string): string {
  const masked = maskSecrets(path, text);
  for (const s of masked.secrets)
    if (s.length >= MIN_REGISTERED && s.length <= MAX_REGISTERED && s !== MASK) redactor.register(s);
  return masked.text;
}

function unquote(value: string): string {
  const v = value.trim();
  return /^(["']).*\1$/.test(v) && v.length >= 2 ? v.slice(1, -1) : v;
}
