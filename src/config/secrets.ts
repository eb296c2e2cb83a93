// Turning secret references into Secret objects; problems name the key and the line, never a value.
import { readFile, stat } from 'node:fs/promises';
import { Secret } from '../core/redact.js';
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

export function describeRef(ref: SecretRef): string {
  if (ref === 'prompt') return 'prompt';
  return 'env' in ref ? `env:${ref.env}` : `file:${ref.file}`;
}

// keyPath is the dotted path used in messages ("endpoints.ldap.bindPassword").
export async function resolveSecret(ref: SecretRef, keyPath: string, e: SecretEnvironment): Promise<SecretOutcome> {
  if (ref === 'prompt') {
    if (!e.isTTY) {
      return { ok: false, problem: 'prompt needs a terminal and there is none (use {env: NAME} or {file: PATH} when running unattended)' };
    }
    if (e.mode === 'validate') return { ok: true };
    try {
      const value = await e.prompt(`Password for ${keyPath}: `);
      return value === '' ? { ok: false, problem: 'no password was entered at the prompt' } : { ok: true, secret: new Secret(value, 'prompt') };
    } catch (err) {
      return { ok: false, problem: `prompt failed: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
  if ('env' in ref) {
    const value = e.env[ref.env];
    if (value === undefined) return { ok: false, problem: `environment variable ${ref.env} is not set` };
    if (value === '') return { ok: false, problem: `environment variable ${ref.env} is empty` };
    return { ok: true, secret: new Secret(value, describeRef(ref)) };
  }
  const path = ref.file.startsWith('~/') ? `${e.home}${ref.file.slice(1)}` : ref.file;
  let text: string;
  let mode: number;
  try {
    [text, mode] = await Promise.all([readFile(path, 'utf8'), stat(path).then((s) => s.mode)]);
  } catch (err) {
    const code = (err as { code?: string }).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable' : `cannot be read (${code ?? 'error'})`;
    return { ok: false, problem: `secret file ${path} ${why}` };
  }
  const value = text.replace(/\r?\n$/, '');
  if (value === '') return { ok: false, problem: `secret file ${path} is empty` };
  const secret = new Secret(value, describeRef(ref));
  const warning = (mode & 0o004) !== 0 ? `secret file ${path} is readable by everyone (chmod 600 it)` : undefined;
  return warning ? { ok: true, secret, warning } : { ok: true, secret };
}
