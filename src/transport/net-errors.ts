// Maps socket errors (local sockets and forwarded SSH channels) to TransportError kinds.
import { TransportError, messageOf, type TransportFailure } from '../core/errors.js';

const KIND_BY_CODE: Readonly<Record<string, TransportFailure>> = {
  ECONNREFUSED: 'connect-refused',
  ETIMEDOUT: 'connect-timeout',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_NONAME: 'dns',
  ECONNRESET: 'closed',
  EPIPE: 'closed',
  EHOSTUNREACH: 'connect-timeout',
  ENETUNREACH: 'connect-timeout',
};

export function socketError(host: string, target: string, err: unknown): TransportError {
  if (err instanceof TransportError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  const text = messageOf(err);
  let kind: TransportFailure = typeof code === 'string' ? (KIND_BY_CODE[code] ?? 'other') : 'other';
  // ssh2 reports a refused forwardOut as a channel open failure with the server's text.
  if (kind === 'other' && /connection refused/i.test(text)) kind = 'connect-refused';
  if (kind === 'other' && /name or service not known|no address associated|could not resolve/i.test(text)) kind = 'dns';
  const what: Record<TransportFailure, string> = {
    'connect-refused': 'connection refused',
    'connect-timeout': 'no answer (timed out)',
    dns: 'name does not resolve',
    closed: 'connection closed',
    auth: 'authentication failed',
    'host-key-unknown': 'host key unknown',
    'host-key-changed': 'host key changed',
    other: text,
  };
  const hint = hintFor(kind, host, target);
  return new TransportError(host, kind, `${target} from ${host}: ${what[kind]}`, hint, { cause: err });
}

export function connectTimeout(host: string, target: string, ms: number): TransportError {
  const hint = hintFor('connect-timeout', host, target);
  return new TransportError(host, 'connect-timeout', `${target} from ${host}: no answer within ${ms} ms`, hint);
}

// The next step for a connection from `host` to `target` ("address:port"): the connection starts on the
// checked host (SSH: forwardOut), so its firewall, routes and DNS are the ones to look at.
function hintFor(kind: TransportFailure, host: string, target: string): string | undefined {
  const m = /^\[?(.*?)\]?:(\d+)$/.exec(target);
  const address = m?.[1] ?? target;
  const port = m?.[2] !== undefined ? `port ${m[2]}` : 'its port';
  switch (kind) {
    case 'connect-refused':
      return (
        `nothing accepts connections on ${target} as seen from ${host}: check that the service runs there ` +
        `and listens on ${port}, and that no firewall on the way rejects it`
      );
    case 'connect-timeout':
      return (
        `${target} does not answer ${host}: check that the host is up and that no firewall between ${host} ` +
        `and ${address} drops ${port}`
      );
    case 'dns':
      return `${address} does not resolve on ${host}: check the name, and DNS (/etc/hosts, resolv.conf) on ${host}`;
    default:
      return undefined;
  }
}
