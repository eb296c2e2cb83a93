// Turns what ssh2 reports while connecting into one-line TransportErrors with a hint.
import { TransportError, messageOf } from '../core/errors.js';
import type { SshTarget } from '../core/host.js';
import { socketError } from './net-errors.js';
import type { AuthReport } from './ssh-auth.js';

export function sshError(host: string, target: SshTarget, err: unknown, auth: AuthReport, skipped: readonly string[]): TransportError {
  if (err instanceof TransportError) return err;
  const where = `${target.user}@${target.hostname}:${target.port}`;
  const level = (err as { level?: string } | null)?.level;
  const text = messageOf(err);
  if (level === 'client-authentication') {
    const tried = auth.tried.length > 0 ? auth.tried.join(', ') : 'nothing (no agent, no usable identity file)';
    const skip = skipped.length > 0 ? `; skipped ${skipped.join('; ')}` : '';
    const accepts = auth.serverMethods.length > 0 ? `; the server accepts ${auth.serverMethods.join(',')}` : '';
    return new TransportError(
      host,
      'auth',
      `${where}: authentication as ${target.user} failed; tried ${tried}${skip}${accepts}`,
      `put one of these public keys into ~${target.user}/.ssh/authorized_keys on ${target.hostname}, or load the right key into ssh-agent`,
      { cause: err },
    );
  }
  if (level === 'client-timeout') {
    return new TransportError(
      host,
      'connect-timeout',
      `${where}: no SSH handshake within ${target.connectTimeoutMs} ms`,
      'the port accepts connections but no SSH server answers: check sshd on that host and any firewall or proxy in between',
      { cause: err },
    );
  }
  if (level === 'client-dns') return new TransportError(host, 'dns', `${where}: ${text}`, undefined, { cause: err });
  if (level === 'client-socket' || (err as { code?: unknown } | null)?.code !== undefined) {
    return socketError(host, where, err);
  }
  if (level === 'handshake' || level === 'protocol') {
    return new TransportError(
      host,
      'other',
      `${where}: SSH handshake failed: ${text}`,
      'the server and oxdoctor share no key exchange, cipher or host key algorithm, or the peer is not an SSH server',
      { cause: err },
    );
  }
  return new TransportError(host, 'other', `${where}: ${text}`, undefined, { cause: err });
}

export function connectionClosed(host: string, target: SshTarget, during: string): TransportError {
  return new TransportError(
    host,
    'closed',
    `${target.user}@${target.hostname}:${target.port}: connection closed ${during}`,
    'the server dropped the connection: check its sshd log (MaxStartups, AllowUsers, tcp wrappers)',
  );
}
