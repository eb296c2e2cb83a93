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
  return new TransportError(host, kind, `${target} from ${host}: ${what[kind]}`, undefined, { cause: err });
}

export function connectTimeout(host: string, target: string, ms: number): TransportError {
  return new TransportError(host, 'connect-timeout', `${target} from ${host}: no answer within ${ms} ms`);
}
