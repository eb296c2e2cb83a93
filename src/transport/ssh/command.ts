// The `ssh -v` command line that reaches a host with oxdoctor's effective settings, for hints: the
// oxdoctor host name is often not a name ssh knows, so every setting that differs goes on the line.
import os from 'node:os';
import path from 'node:path';
import type { SshTarget } from '../../core/host.js';
import { quoteArgv } from '../quote.js';

// ssh's own UserKnownHostsFile and GlobalKnownHostsFile, which need no -o.
function defaultKnownHosts(home: string): string[] {
  const ssh = path.join(home, '.ssh');
  return [`${ssh}/known_hosts`, `${ssh}/known_hosts2`, '/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'];
}

// identityFiles: the ones that exist (ssh warns about the others). Paths and names only, never a secret.
export function sshDebugCommand(target: SshTarget, identityFiles: readonly string[], home = os.homedir()): string {
  const known = target.knownHostsFiles;
  const sameKnown = known.length === 4 && known.every((f, i) => f === defaultKnownHosts(home)[i]);
  return quoteArgv([
    'ssh',
    '-v',
    '-p',
    String(target.port),
    ...identityFiles.flatMap((f) => ['-i', f]),
    ...(sameKnown ? [] : ['-o', `UserKnownHostsFile=${known.length > 0 ? known.map(configWord).join(' ') : 'none'}`]),
    ...(target.hostKeyAlias !== undefined ? ['-o', `HostKeyAlias=${target.hostKeyAlias}`] : []),
    ...(target.identitiesOnly === true ? ['-o', 'IdentitiesOnly=yes'] : []),
    ...(target.proxyJump !== undefined ? ['-J', target.proxyJump] : []),
    `${target.user}@${target.hostname}`,
  ]);
}

// ssh_config splits a list at spaces; a file name with one is written in double quotes.
function configWord(file: string): string {
  return /\s/.test(file) ? `"${file}"` : file;
}
