// The decision on a presented host key, as a TransportError when the key is not trusted.
import { TransportError } from '../core/errors.js';
import type { SshTarget } from '../core/host.js';
import { fingerprintOf, keyTypeOf } from './host-key.js';
import { knownHostName, verifyHostKey, type KnownHostEntry } from './known-hosts.js';

export function lookupName(target: SshTarget): string {
  return target.hostKeyAlias ?? knownHostName(target.hostname, target.port);
}

// null when the key is known; otherwise the refusal, never a silent accept.
export function refuseHostKey(host: string, target: SshTarget, entries: readonly KnownHostEntry[], key: Buffer): TransportError | null {
  const name = lookupName(target);
  const verdict = verifyHostKey(entries, name, key);
  const fp = fingerprintOf(key);
  const type = keyTypeOf(key);
  const files = target.knownHostsFiles.join(', ') || '(no known_hosts files configured)';
  const keyscan = `ssh-keyscan -t ${type}${target.port === 22 ? '' : ` -p ${target.port}`} ${target.hostname}`;
  // ssh-keyscan names the host by address; with HostKeyAlias the line must carry the alias instead.
  const scan = target.hostKeyAlias ? `${keyscan} | sed 's/^[^ ]*/${target.hostKeyAlias}/'` : keyscan;
  switch (verdict.status) {
    case 'known':
      return null;
    case 'revoked':
      return new TransportError(
        host,
        'host-key-changed',
        `${name}: host key ${type} ${fp} is marked @revoked (${verdict.entry.file}:${verdict.entry.line})`,
        'do not connect; ask the host owner for the current key',
      );
    case 'changed': {
      const expected = verdict.expected.map((e) => `${fingerprintOf(e.key)} (${e.file}:${e.line})`).join(', ');
      return new TransportError(
        host,
        'host-key-changed',
        `${name}: HOST KEY CHANGED: server presents ${type} ${fp}, known_hosts has ${expected}`,
        `possible man-in-the-middle; if the host was reinstalled, verify the new fingerprint out of band, then: ssh-keygen -R '${name}' -f FILE && ${scan} >> FILE`,
      );
    }
    case 'unknown': {
      const also =
        verdict.otherTypes.length > 0
          ? ` (known with ${verdict.otherTypes.join(', ')} only)`
          : verdict.certAuthority
            ? ' (only a @cert-authority line matches; host certificates are not supported)'
            : '';
      return new TransportError(
        host,
        'host-key-unknown',
        `${name}: unknown host key ${type} ${fp}${also}; not in ${files}`,
        `verify the fingerprint ${fp} with the host owner, then: ${scan} >> ${target.knownHostsFiles[0] ?? '~/.ssh/known_hosts'}`,
      );
    }
  }
}
