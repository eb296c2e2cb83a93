// Which known_hosts entries speak for a target: its [host]:port name, else its port-less one, as in OpenSSH.
import type { SshTarget } from '../../core/host.js';
import { knownHostName, knownKeyTypes, verifyHostKey } from './known-hosts.js';
import type { HostKeyVerdict, KnownHostEntry } from './known-hosts.js';

export function lookupName(target: SshTarget): string {
  return target.hostKeyAlias ?? knownHostName(target.hostname, target.port);
}

// OpenSSH's check_host_key looks a host on a non-default port up again without the port when
// [host]:port is new ("found matching key w/out port"); never under HostKeyAlias.
function portlessName(target: SshTarget): string | null {
  return target.hostKeyAlias === undefined && target.port !== 22 ? target.hostname : null;
}

// Only when [host]:port has no entry at all, and only a match (or a revocation) is taken from there:
// a changed key under [host]:port stays a refusal, and another key under the bare name means another sshd.
export function hostKeyVerdict(target: SshTarget, entries: readonly KnownHostEntry[], key: Buffer): HostKeyVerdict {
  const verdict = verifyHostKey(entries, lookupName(target), key);
  const bare = portlessName(target);
  if (bare === null || !nothingKnown(verdict)) return verdict;
  const fallback = verifyHostKey(entries, bare, key);
  return fallback.status === 'known' || fallback.status === 'revoked' ? fallback : verdict;
}

// The key types to ask the server for first, from the same entries hostKeyVerdict would use.
export function preferredKeyTypes(target: SshTarget, entries: readonly KnownHostEntry[]): string[] {
  const types = knownKeyTypes(entries, lookupName(target));
  const bare = portlessName(target);
  return types.length > 0 || bare === null ? types : knownKeyTypes(entries, bare);
}

function nothingKnown(verdict: HostKeyVerdict): boolean {
  return verdict.status === 'unknown' && verdict.otherTypes.length === 0 && !verdict.certAuthority;
}
