// A plain TCP connect bounded by a timeout and a signal; errors become TransportErrors.
import net from 'node:net';
import { connectTimeout, socketError } from './net-errors.js';

export interface TcpConnectOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

// `via` names the host the connection starts from, for messages.
export function tcpConnect(
  via: string,
  host: string,
  port: number,
  options: TcpConnectOptions = {},
): Promise<net.Socket> {
  const target = `${host}:${port}`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(socketError(via, target, options.signal.reason ?? new Error('aborted')));
      return;
    }
    const socket = net.connect({ host, port, noDelay: true });
    const finish = (err?: Error): void => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      socket.off('error', onError);
      if (err) {
        socket.destroy();
        reject(err);
      } else resolve(socket);
    };
    const onError = (err: Error): void => finish(socketError(via, target, err));
    const onAbort = (): void => finish(socketError(via, target, options.signal?.reason ?? new Error('aborted')));
    const timer = setTimeout(() => finish(connectTimeout(via, target, timeoutMs)), timeoutMs);
    socket.once('error', onError);
    socket.once('connect', () => finish());
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}
