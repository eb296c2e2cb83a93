// Turns whatever a socket, SSH channel or library threw into a ProbeError.
import { TransportError } from '../core/errors.js';
import { ProbeError, type ProbeFailure } from './types.js';

const BY_CODE: Record<string, ProbeFailure> = {
  ECONNREFUSED: 'refused',
  ETIMEDOUT: 'timeout',
  ECONNRESET: 'closed',
  EPIPE: 'closed',
  ENOTFOUND: 'unreachable',
  EAI_AGAIN: 'unreachable',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  EHOSTDOWN: 'unreachable',
  EADDRNOTAVAIL: 'unreachable',
  ENOENT: 'refused', // a unix socket path that does not exist
};

const BY_TRANSPORT: Record<TransportError['kind'], ProbeFailure> = {
  'connect-refused': 'refused',
  'connect-timeout': 'timeout',
  dns: 'unreachable',
  closed: 'closed',
  auth: 'unreachable',
  'host-key-unknown': 'unreachable',
  'host-key-changed': 'unreachable',
  other: 'unreachable',
};

export function classifyError(err: unknown): ProbeError {
  if (err instanceof ProbeError) return err;
  if (err instanceof TransportError) return new ProbeError(BY_TRANSPORT[err.kind], err.message);
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && BY_CODE[code]) return new ProbeError(BY_CODE[code], message);
  if (err instanceof Error && err.name === 'AbortError') return new ProbeError('timeout', message);
  // ssh2 forwardOut failures carry the server's reason as text only.
  if (/connection refused|connect failed/i.test(message)) return new ProbeError('refused', message);
  if (/timed? ?out/i.test(message)) return new ProbeError('timeout', message);
  if (/no route|unreachable|not known|getaddrinfo/i.test(message)) return new ProbeError('unreachable', message);
  if (/closed|reset|socket hang up|EOF/i.test(message)) return new ProbeError('closed', message);
  return new ProbeError('protocol-error', message);
}
