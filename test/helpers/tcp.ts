// Real sockets for tests: an Opener over net.connect, a scripted server on 127.0.0.1:0, a closed port.
import { connect, createServer, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Opener } from '../../src/protocols/types.js';
import { freePort } from './daemons/process.js';

export function tcpOpener(port: number, host = '127.0.0.1'): Opener {
  return (signal) =>
    new Promise<Duplex>((resolve, reject) => {
      const socket = connect({ host, port, signal });
      socket.once('connect', () => resolve(socket));
      socket.once('error', reject);
    });
}

export interface ScriptedServer {
  readonly port: number;
  readonly connections: number;
  close(): Promise<void>;
}

// A real TCP server whose behaviour per connection is a function (replaying captured bytes, staying silent ...).
export async function scriptedServer(onConnection: (socket: Socket) => void): Promise<ScriptedServer> {
  const sockets = new Set<Socket>();
  let count = 0;
  const server = createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    onConnection(socket);
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve(typeof a === 'object' && a ? a.port : 0);
    }),
  );
  return {
    port,
    get connections() {
      return count;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

// A port on which nothing listens (it was free a moment ago).
export const closedPort = freePort;

export const silentServer = () => scriptedServer(() => {});
export const garbageServer = (bytes = 'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n') =>
  scriptedServer((socket) => socket.write(bytes));
