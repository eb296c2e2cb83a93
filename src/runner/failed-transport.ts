// Stands in for a transport that could not even be created (e.g. an unusable SSH target):
// every use fails with the same error, so host/ssh reports it and the rest of the host is skipped.
import { TransportError, messageOf } from '../core/errors.js';
import type { Transport } from '../transport/types.js';

export function failedTransport(host: string, cause: unknown): { transport: Transport; error: TransportError } {
  const error =
    cause instanceof TransportError
      ? cause
      : new TransportError(host, 'other', `cannot set up a connection to ${host}: ${messageOf(cause)}`, undefined, {
          cause,
        });
  const fail = async (): Promise<never> => {
    throw error;
  };
  const transport: Transport = {
    host,
    kind: 'ssh',
    ensureConnected: fail,
    exec: fail,
    execStream: fail,
    readFile: fail,
    connect: fail,
    tunnel: fail,
    info: () => ({ kind: 'ssh', connected: false, connections: 0, channelsOpen: 0, commandsRunning: 0 }),
    close: async () => undefined,
  };
  return { transport, error };
}
