// Turns what ssh2 reports while connecting into one-line TransportErrors with a hint.
import { TransportError, messageOf } from '../../core/errors.js';
import type { SshTarget } from '../../core/host.js';
import { fingerprintOf, keyTypeOf } from './host-key.js';
import { socketError } from '../net-errors.js';
import type { AuthPlan, AuthReport } from './auth.js';
import { sshDebugCommand } from './command.js';

// sshd's text when MaxAuthTries runs out; it disconnects instead of answering the next key.
const TOO_MANY_AUTH = /too many authentication failures/i;

export function sshError(
  host: string,
  target: SshTarget,
  err: unknown,
  auth: AuthReport,
  plan: Pick<AuthPlan, 'skipped' | 'identityFiles'>,
): TransportError {
  if (err instanceof TransportError) return err;
  const where = `${target.user}@${target.hostname}:${target.port}`;
  const level = (err as { level?: string } | null)?.level;
  const text = messageOf(err);
  const debug = `to see what ssh does: ${sshDebugCommand(target, plan.identityFiles)}`;
  const tried = auth.tried.length > 0 ? auth.tried.join(', ') : 'nothing (no agent, no usable identity file)';
  const skip = plan.skipped.length > 0 ? `; skipped ${plan.skipped.join('; ')}` : '';
  if (level === 'client-authentication') {
    const accepts = auth.serverMethods.length > 0 ? `; the server accepts ${auth.serverMethods.join(',')}` : '';
    const keys = [...new Set(auth.offered.map(authorizedKeyLine))];
    const authorized = `~${target.user}/.ssh/authorized_keys on ${target.hostname}`;
    const put =
      keys.length > 0
        ? `put one of these public keys into ${authorized}: ${keys.join('; ')}; `
        : 'name a key with identityFile (IdentityFile in ~/.ssh/config) ';
    return new TransportError(
      host,
      'auth',
      `${where}: authentication as ${target.user} failed; tried ${tried}${skip}${accepts}`,
      `${put}or load the right key into ssh-agent; ${debug}`,
      { cause: err },
    );
  }
  if (TOO_MANY_AUTH.test(text) && auth.tried.length > 0) {
    return new TransportError(
      host,
      'auth',
      `${where}: authentication as ${target.user} failed: the server allows no more attempts (${text}); ` +
        `tried ${tried}${skip}`,
      "the server's MaxAuthTries ran out before a key it accepts was offered: name the right key with identityFile " +
        `(IdentityFile in ~/.ssh/config), with IdentitiesOnly yes if ssh-agent holds many keys; ${debug}`,
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
  const code = (err as { code?: unknown } | null)?.code;
  // A number is the reason of an SSH disconnect (RFC 4253 section 11.1), not a socket error.
  if (typeof code === 'number') {
    const hint = `the server ended the session: its sshd log says why; ${debug}`;
    return new TransportError(host, 'closed', `${where}: the server disconnected: ${text}`, hint, { cause: err });
  }
  if (level === 'client-socket' || code !== undefined) {
    return connectFailure(target, socketError(host, where, err), plan);
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
  return new TransportError(host, 'other', `${where}: ${text}`, debug, { cause: err });
}

// "TYPE BASE64 COMMENT (SHA256:...)": what goes into authorized_keys, and the fingerprint to find it by.
function authorizedKeyLine(offer: AuthReport['offered'][number]): string {
  const comment = offer.comment ? ` ${offer.comment}` : '';
  const key = offer.publicKey;
  return `${keyTypeOf(key)} ${key.toString('base64')}${comment} (${fingerprintOf(key)})`;
}

// A TCP connect failure, with a hint that names the address and port actually used; the oxdoctor host
// name and port 22 are often neither. It replaces socketError's hint, which speaks of a connection started on
// the checked host: an SSH connection starts here.
export function connectFailure(
  target: SshTarget,
  err: TransportError,
  plan: Pick<AuthPlan, 'identityFiles'>,
): TransportError {
  const at = `${target.hostname}:${target.port}`;
  const debug = `to see what ssh does: ${sshDebugCommand(target, plan.identityFiles)}`;
  const hints: Partial<Record<TransportError['kind'], string>> = {
    'connect-refused': `nothing accepts connections on ${at}: check that sshd runs there and listens on that port; ${debug}`,
    'connect-timeout': `${at} does not answer: check that the host is up and that no firewall drops port ${target.port}; ${debug}`,
    dns:
      `${target.hostname} does not resolve: check the address for this host in the oxdoctor config (address) ` +
      'or ~/.ssh/config (HostName), and DNS',
  };
  const hint = hints[err.kind] ?? err.hint ?? debug;
  if (hint === err.hint) return err;
  return new TransportError(err.host, err.kind, err.message, hint, { cause: err.cause ?? err });
}

export function connectionClosed(host: string, target: SshTarget, during: string): TransportError {
  return new TransportError(
    host,
    'closed',
    `${target.user}@${target.hostname}:${target.port}: connection closed ${during}`,
    'the server dropped the connection: check its sshd log (MaxStartups, AllowUsers, tcp wrappers)',
  );
}
