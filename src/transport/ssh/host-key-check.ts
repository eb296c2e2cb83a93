// The decision on a presented host key, as a TransportError when the key is not trusted.
import { TransportError } from '../../core/errors.js';
import type { SshTarget } from '../../core/host.js';
import { fingerprintOf, keyTypeOf } from './host-key.js';
import { appendCommand, offeredKeyLine, removeCommand } from './host-key-hints.js';
import { hostKeyVerdict, lookupName } from './host-key-lookup.js';
import type { KnownHostEntry } from './known-hosts.js';

// null when the key is known; otherwise the refusal, never a silent accept.
export function refuseHostKey(
  host: string,
  target: SshTarget,
  entries: readonly KnownHostEntry[],
  key: Buffer,
): TransportError | null {
  const name = lookupName(target);
  const verdict = hostKeyVerdict(target, entries, key);
  const fp = fingerprintOf(key);
  const type = keyTypeOf(key);
  const files = target.knownHostsFiles.join(', ') || '(no known_hosts files configured)';
  const offers = `the host offers: ${offeredKeyLine(name, key)}`;
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
      // Every file that holds a stale entry loses it; the first of them gets the new key.
      const stale = [...new Set(verdict.expected.map((e) => e.file))];
      const remove = stale.map((f) => removeCommand(name, f)).join(' && ');
      return new TransportError(
        host,
        'host-key-changed',
        `${name}: HOST KEY CHANGED: server presents ${type} ${fp}, known_hosts has ${expected}`,
        'possible man-in-the-middle; if the host was reinstalled, verify the new fingerprint out of band, then: ' +
          `${remove} && ${appendCommand(target, key, stale[0])}; ${offers}`,
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
        `verify the fingerprint ${fp} with the host owner, then: ` +
          `${appendCommand(target, key, target.knownHostsFiles[0])}; ${offers}`,
      );
    }
  }
}
