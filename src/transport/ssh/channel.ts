// Small promise wrappers around ssh2 channels, and the remote kill on timeout.
import type { Client, ClientChannel } from 'ssh2';

export function openExecChannel(client: Client, command: string): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    try {
      client.exec(command, (err, channel) => (err ? reject(err) : resolve(channel)));
    } catch (err) {
      reject(err); // "Not connected"
    }
  });
}

// ssh2's Channel.signal() is a no-op once our side sent EOF (after stdin), which is exactly when a
// long command needs killing; the protocol itself allows it, so send the request directly.
export function sendSignal(channel: ClientChannel, name: string): void {
  const c = channel as unknown as {
    outgoing?: { id: number; state: string };
    _client?: { _protocol?: { signal(id: number, signal: string): void } };
  };
  if (!c.outgoing || (c.outgoing.state !== 'open' && c.outgoing.state !== 'eof')) return;
  try {
    c._client?._protocol?.signal(c.outgoing.id, name);
  } catch {
    // the connection is already gone; closing the channel is all that is left
  }
}

// A channel open failure the server answered (e.g. MaxSessions), as opposed to a dead connection.
export function refusedByServer(err: unknown): boolean {
  return typeof (err as { reason?: unknown } | null)?.reason === 'number';
}
