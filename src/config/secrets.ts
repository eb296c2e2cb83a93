// Turning secret references into Secret objects; problems name the key and the line, never a value.
import { Secret } from '../core/redact.js';
import { MAX_SECRET_FILE_BYTES } from './limits.js';
import { readLimitedFile, whyUnreadable } from './read-limited.js';
import type { SecretRef } from './schema.js';
import type { Prompt } from './prompt.js';

export interface SecretEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly isTTY: boolean;
  readonly prompt: Prompt;
  readonly home: string;
  // validate: check that env vars and files exist, but do not prompt.
  readonly mode: 'resolve' | 'validate';
}

export type SecretOutcome =
  | { readonly ok: true; readonly secret?: Secret; readonly warning?: string }
  | { readonly ok: false; readonly problem: string };

// A password goes into an IMAP LOGIN, SASL PLAIN (NUL-separated fields) or an LDAP bind: a line break or a
// NUL would end or split the command there.
const CONTROL = /\p{Cc}/u;
const CONTROL_TEXT = 'holds a control character (CR, LF, NUL, ...)';
const TYPED_CONTROL = 'the password typed holds a control character (an arrow key?)';

export function describeRef(ref: SecretRef): string {
  if (ref === 'prompt') return 'prompt';
  return 'env' in ref ? `env:${ref.env}` : `file:${ref.file}`;
}

// keyPath is the dotted path used in messages ("endpoints.ldap.bindPassword").
export async function resolveSecret(ref: SecretRef, keyPath: string, e: SecretEnvironment): Promise<SecretOutcome> {
  if (ref === 'prompt') {
    if (!e.isTTY) {
      return {
        ok: false,
        problem: 'prompt needs a terminal and there is none (use {env: NAME} or {file: PATH} when running unattended)',
      };
    }
    if (e.mode === 'validate') return { ok: true };
    try {
      const value = await e.prompt(`Password for ${keyPath}: `);
      if (value === '') return { ok: false, problem: 'no password was entered at the prompt' };
      if (CONTROL.test(value)) return { ok: false, problem: TYPED_CONTROL };
      return { ok: true, secret: new Secret(value, 'prompt') };
    } catch (err) {
      return { ok: false, problem: `prompt failed: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
  if ('env' in ref) {
    const value = e.env[ref.env];
    if (value === undefined) return { ok: false, problem: `environment variable ${ref.env} is not set` };
    if (value === '') return { ok: false, problem: `environment variable ${ref.env} is empty` };
    if (CONTROL.test(value)) return { ok: false, problem: `environment variable ${ref.env} ${CONTROL_TEXT}` };
    return { ok: true, secret: new Secret(value, describeRef(ref)) };
  }
  const path = ref.file.startsWith('~/') ? `${e.home}${ref.file.slice(1)}` : ref.file;
  let text: string;
  let mode: number;
  try {
    const file = await readLimitedFile(path, MAX_SECRET_FILE_BYTES);
    [text, mode] = [file.data.toString('utf8'), file.mode];
  } catch (err) {
    return { ok: false, problem: `secret file ${path} ${whyUnreadable(err)}` };
  }
  const value = text.replace(/\r?\n$/, '');
  if (value === '') return { ok: false, problem: `secret file ${path} is empty` };
  if (CONTROL.test(value)) {
    return { ok: false, problem: `secret file ${path} ${CONTROL_TEXT} besides its final newline` };
  }
  const secret = new Secret(value, describeRef(ref));
  const warning = (mode & 0o004) !== 0 ? `secret file ${path} is readable by everyone (chmod 600 it)` : undefined;
  return warning ? { ok: true, secret, warning } : { ok: true, secret };
}
