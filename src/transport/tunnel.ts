// A loopback listener that forwards each accepted socket through a transport's connect(),
// for libraries that only take a host and port (ldapts, imapflow).
import net from 'node:net';
import type { Duplex } from 'node:stream';
import type { Tunnel } from './types.js';

export type Connector = () => Promise<Duplex>;

export async function openTunnel(connector: Connector): Promise<Tunnel> {
  const sockets = new Set<net.Socket>();
  const streams = new Set<Duplex>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.pause();
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
    connector().then(
      (stream) => {
        if (socket.destroyed) {
          stream.destroy();
          return;
        }
        streams.add(stream);
        stream.on('error', () => socket.destroy());
        stream.on('close', () => {
          streams.delete(stream);
          socket.end();
        });
        // ssh2 reports a channel closed only once its readable side has ended: drain what is left.
        socket.on('close', () => {
          stream.unpipe(socket); // unpiping the last destination would pause the stream again
          stream.destroy();
          stream.resume();
        });
        socket.pipe(stream);
        stream.pipe(socket);
        socket.resume();
      },
      () => socket.destroy(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('tunnel listener has no TCP address');
  return {
    host: '127.0.0.1',
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        for (const s of streams) s.destroy().resume();
        server.close(() => resolve());
      }),
  };
}
