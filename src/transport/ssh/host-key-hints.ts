// The pieces of a refused host key's hint: the line the host offers and the commands that fix known_hosts.
import type { SshTarget } from '../../core/host.js';
import { fingerprintOf, keyTypeOf } from './host-key.js';
import { quoteArg, quoteArgv } from '../quote.js';

// "NAME TYPE BASE64 (SHA256:...)": the known_hosts line for the key, and its fingerprint to compare.
export function offeredKeyLine(name: string, key: Buffer): string {
  return `${name} ${keyTypeOf(key)} ${key.toString('base64')} (${fingerprintOf(key)})`;
}

export function removeCommand(name: string, file: string): string {
  return quoteArgv(['ssh-keygen', '-R', name, '-f', file]);
}

// ssh-keyscan names the host as it was reached; with HostKeyAlias the line must carry the alias instead.
export function appendCommand(target: SshTarget, key: Buffer, file: string | undefined): string {
  const port = target.port === 22 ? [] : ['-p', String(target.port)];
  const scan = quoteArgv(['ssh-keyscan', '-t', keyTypeOf(key), ...port, target.hostname]);
  const rename = target.hostKeyAlias
    ? ` | ${quoteArgv(['sed', `s/^[^ ]*/${target.hostKeyAlias.replace(/[\\/&]/g, '\\$&')}/`])}`
    : '';
  // Without any known_hosts file configured, ssh's own default; left unquoted so the shell expands ~.
  return `${scan}${rename} >> ${file === undefined ? '~/.ssh/known_hosts' : quoteArg(file)}`;
}
