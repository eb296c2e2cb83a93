// The SSH host key that answers at an address: key exchange only, then disconnect. No authentication is
// attempted (the verifier refuses every key once it has seen it), so nothing is logged in or changed there.
import type { ConnectConfig } from 'ssh2';
import { HOST_KEY_ALGORITHMS, LEGACY_KEX } from '../transport/ssh/algorithms.js';
import { fingerprintOf, keyTypeOf } from '../transport/ssh/host-key.js';
import { runProbe } from './session.js';
import { ProbeError, type Opener, type ProbeOptions, type ProbeResult } from './types.js';

export interface AnsweringHostKey {
  readonly fingerprint: string; // SHA256:...
  readonly keyType: string; // ssh-ed25519, ssh-rsa, ...
  readonly banner: string; // the server's identification, e.g. SSH-2.0-OpenSSH_4.3
}

// Every key type is offered (HOST_KEY_ALGORITHMS), so whichever the sshd has answers; the caller matches it
// against each node's full key set.

export function probeSshHostKey(open: Opener, options: ProbeOptions = {}): Promise<ProbeResult<AnsweringHostKey>> {
  return runProbe(
    open,
    async (session) => {
      // Loaded when a cluster is checked: a run on local hosts only never loads ssh2 (test/cli/check.test.ts).
      const { default: ssh2 } = await import('ssh2');
      const sock = await session.openRaw();
      const client = new ssh2.Client();
      session.transcript.note('key exchange only: the host key is read, then the connection is closed');
      try {
        return await new Promise<AnsweringHostKey>((resolve, reject) => {
          const onAbort = (): void => reject(new ProbeError('timeout', 'no host key before the deadline'));
          session.signal.addEventListener('abort', onAbort, { once: true });
          const settle = (fn: () => void): void => {
            session.signal.removeEventListener('abort', onAbort);
            fn();
          };
          const config: ConnectConfig = {
            sock: sock as ConnectConfig['sock'],
            username: 'oxdoctor-host-key-probe',
            readyTimeout: options.timeoutMs ?? 10_000,
            algorithms: {
              serverHostKey: [...HOST_KEY_ALGORITHMS] as NonNullable<ConnectConfig['algorithms']>['serverHostKey'],
              kex: { append: [...LEGACY_KEX], prepend: [], remove: [] } as NonNullable<
                ConnectConfig['algorithms']
              >['kex'],
            },
            hostVerifier: (key: Buffer) => {
              const banner = (client as unknown as { _remoteVer?: string })._remoteVer ?? '';
              if (banner) session.transcript.server(banner);
              const found = { fingerprint: fingerprintOf(key), keyType: keyTypeOf(key), banner };
              session.transcript.server(`host key ${found.keyType} ${found.fingerprint}`);
              settle(() => resolve(found));
              return false; // stop here: no authentication
            },
          };
          // What the server sent first tells another service (bad greeting) from a silent hang-up.
          let first = '';
          sock.on('data', (chunk: Buffer) => {
            if (first.length < 80) first += chunk.toString('latin1', 0, 80 - first.length);
          });
          client.on('error', (err: Error) => settle(() => reject(kexFailure(err, first))));
          client.on('close', () =>
            settle(() => reject(new ProbeError('closed', 'the server closed the connection before its host key'))),
          );
          client.connect(config);
        });
      } finally {
        client.end();
      }
    },
    options,
  );
}

// Something that greets with other than "SSH-" is not an sshd; one that hangs up unasked refused us.
function kexFailure(err: Error, first: string): ProbeError {
  if (first !== '' && !first.startsWith('SSH-')) {
    const greeting = first.split(/\r?\n/)[0] ?? '';
    return new ProbeError('bad-greeting', `not an SSH server: it greeted with "${greeting}"`);
  }
  if (first === '') return new ProbeError('closed', `the connection ended before an SSH greeting (${err.message})`);
  if (/timed? ?out/i.test(err.message)) return new ProbeError('timeout', `SSH key exchange: ${err.message}`);
  return new ProbeError('protocol-error', `SSH key exchange failed: ${err.message}`);
}
