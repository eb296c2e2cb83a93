// Opens one authenticated ssh2 connection to a target, over TCP or over a given stream (ProxyJump).
import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { Client as ClientType, ConnectConfig } from 'ssh2';
import { TransportError, messageOf } from '../../core/errors.js';
import type { SshTarget } from '../../core/host.js';
import { startAckNudge, type AckNudge } from './ack-nudge.js';
import { signKeyLoginsAtOnce } from './signed-first.js';
import { declineHostKeyProofs } from './host-key-announcement.js';
import { fingerprintOf } from './host-key.js';
import { refuseHostKey } from './host-key-check.js';
import { preferredKeyTypes } from './host-key-lookup.js';
import { loadKnownHosts } from './known-hosts.js';
import { authHandler, planAuth, type AuthReport } from './auth.js';
import { connectFailure, connectionClosed, sshError } from './errors.js';
import { tcpConnect } from '../tcp-connect.js';
import { HOST_KEY_ALGORITHMS, LEGACY_KEX } from './algorithms.js';

export interface OpenedConnection {
  readonly client: ClientType;
  readonly hostKeyFingerprint: string;
  readonly remoteVersion: string;
  // Answers the server's first packets at once (see ack-nudge.ts); the caller stops it once its first
  // channel is open. Null over a jump host, where the TCP connection is the jump host's.
  readonly ackNudge: AckNudge | null;
}

export interface OpenOptions {
  readonly sock?: Duplex; // already connected (through a jump host); else a TCP connect
  readonly agentSocket?: string;
  readonly signal?: AbortSignal;
  readonly ackNudge?: boolean; // default true
  readonly signedFirst?: boolean; // key files log in with a signed request at once (signed-first.ts); default true
  readonly hostKeyProofs?: boolean; // ask the host to prove the keys it announces; default false (host-key-announcement.ts)
}

// Server host key algorithms for each key type recorded in known_hosts.
const ALGORITHMS_BY_KEY_TYPE: Readonly<Record<string, readonly string[]>> = {
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};
// A local agent answers in microseconds, a forwarded one in a round trip; a hung one must leave the
// connect timeout for the handshake with the identity files.
const AGENT_TIMEOUT_MS = 2000;

export async function openSshConnection(
  host: string,
  target: SshTarget,
  options: OpenOptions = {},
): Promise<OpenedConnection> {
  const started = Date.now();
  const entries = await loadKnownHosts(target.knownHostsFiles).catch((err: unknown) => {
    const hint = 'point knownHosts in the oxdoctor config (UserKnownHostsFile in ~/.ssh/config) at a known_hosts file';
    throw new TransportError(host, 'other', messageOf(err), hint, { cause: err });
  });
  const plan = await planAuth({
    identityFiles: target.identityFiles,
    identitiesOnly: target.identitiesOnly === true,
    agentSocket: options.agentSocket,
    agentTimeoutMs: Math.min(AGENT_TIMEOUT_MS, target.connectTimeoutMs / 2),
  });
  const tcp = options.sock
    ? null
    : await tcpConnect(host, target.hostname, target.port, {
        timeoutMs: target.connectTimeoutMs,
        ...(options.signal ? { signal: options.signal } : {}),
      }).catch((err: unknown) => {
        throw err instanceof TransportError ? connectFailure(target, err, plan) : err;
      });
  const sock: Duplex = options.sock ?? tcp!;
  const remaining = Math.max(1, target.connectTimeoutMs - (Date.now() - started));

  // Ask first for the key types we already know, as OpenSSH does, so a host with several keys
  // presents the one we can check.
  const preferred = preferredKeyTypes(target, entries).flatMap((t) => ALGORITHMS_BY_KEY_TYPE[t] ?? [t]);
  const serverHostKey = [...new Set([...preferred, ...HOST_KEY_ALGORITHMS])];

  const client = new ssh2.Client();
  const report: AuthReport = { tried: [], offered: [], serverMethods: [] };
  let refusal: TransportError | null = null;
  let fingerprint = '';
  const config: ConnectConfig = {
    sock: sock as ConnectConfig['sock'],
    username: target.user,
    readyTimeout: remaining,
    keepaliveInterval: target.keepaliveIntervalMs,
    keepaliveCountMax: 3,
    authHandler: authHandler(plan, target.user, report),
    algorithms: {
      serverHostKey: serverHostKey as NonNullable<ConnectConfig['algorithms']>['serverHostKey'],
      kex: { append: [...LEGACY_KEX], prepend: [], remove: [] },
    },
    hostVerifier: (key: Buffer) => {
      refusal = refuseHostKey(host, target, entries, key);
      fingerprint = fingerprintOf(key);
      return refusal === null;
    },
  };

  return new Promise<OpenedConnection>((resolve, reject) => {
    let settled = false;
    const fail = (err: TransportError): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      client.end();
      sock.destroy();
      reject(err);
    };
    const onAbort = (): void =>
      fail(new TransportError(host, 'connect-timeout', `${target.hostname}:${target.port}: connect aborted`));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    client.on('error', (err: Error & { level?: string }) => {
      // A dead or stale ssh-agent is reported as an error, but ssh2 goes on with the identity files.
      if (err.level === 'agent') {
        report.tried.push(`ssh-agent failed: ${err.message}`);
        return;
      }
      fail(refusal ?? sshError(host, target, err, report, plan));
    });
    client.on('close', () => fail(refusal ?? connectionClosed(host, target, 'during the handshake')));
    client.on('ready', () => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      const remoteVersion = (client as unknown as { _remoteVer?: string })._remoteVer ?? '';
      if (options.hostKeyProofs !== true) declineHostKeyProofs(client);
      const ackNudge = tcp && options.ackNudge !== false ? startAckNudge(client, tcp) : null;
      resolve({ client, hostKeyFingerprint: fingerprint, remoteVersion, ackNudge });
    });
    try {
      client.connect(config);
      if (options.signedFirst !== false) signKeyLoginsAtOnce(client);
    } catch (err) {
      fail(sshError(host, target, err, report, plan));
    }
  });
}

// A direct-tcpip channel: a TCP stream to host:port opened by the remote sshd.
export function forwardOut(client: ClientType, host: string, port: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    client.forwardOut('127.0.0.1', 0, host, port, (err, stream) => (err ? reject(err) : resolve(stream)));
  });
}
