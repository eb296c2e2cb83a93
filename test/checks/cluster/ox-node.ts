// An OX node's AJP connector as cluster/ajp-routes meets it: a real TCP listener on a loopback address that answers
// an AJP13 FORWARD_REQUEST as Tomcat does (SEND_HEADERS 200 with the session cookie whose suffix is the node's
// AJP_JVM_ROUTE, then END_RESPONSE), per the AJP13 wire format.
import { createServer, type Socket } from 'node:net';

export interface OxNode {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

const str = (s: string): Buffer => {
  const b = Buffer.from(s, 'latin1');
  const len = Buffer.alloc(2);
  len.writeUInt16BE(b.length);
  return Buffer.concat([len, b, Buffer.from([0])]);
};

const u16 = (n: number): Buffer => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
};

// "AB", length, body: a packet from the container.
const packet = (body: Buffer): Buffer => Buffer.concat([Buffer.from('AB', 'latin1'), u16(body.length), body]);

// Tomcat's answer to GET /ajax/: 200 with Content-Type (coded 0xA001) and Set-Cookie (coded 0xA007).
export function ajpResponse(route: string | undefined): Buffer {
  const headers: Buffer[] = [Buffer.concat([u16(0xa001), str('text/html;charset=UTF-8')])];
  if (route !== undefined)
    headers.push(Buffer.concat([u16(0xa007), str(`JSESSIONID=9A70F3C21B5E.${route}; Path=/ajax`)]));
  const sendHeaders = Buffer.concat([Buffer.from([4]), u16(200), str('OK'), u16(headers.length), ...headers]);
  return Buffer.concat([packet(sendHeaders), packet(Buffer.from([5, 1]))]);
}

// A node with the given route (undefined: no session cookie) on host (127.0.0.x).
export async function startOxNode(host: string, route: string | undefined): Promise<OxNode> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.once('data', (d) => {
      if (d[0] === 0x12 && d[1] === 0x34) socket.write(ajpResponse(route));
    });
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      const a = server.address();
      resolve(typeof a === 'object' && a ? a.port : 0);
    });
  });
  return {
    host,
    port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
