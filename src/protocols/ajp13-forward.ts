// AJP13 FORWARD_REQUEST: one GET sent to a node as mod_proxy_ajp would, to read the route the node itself
// appends to its session id (JSESSIONID=<id>.<jvmRoute>), which is what the balancer's stickiness relies on.
import { runProbe } from './session.js';
import { ProbeError, type Opener, type ProbeOptions, type ProbeResult } from './types.js';

export interface AjpResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly route?: string; // the jvmRoute suffix of a JSESSIONID cookie the node set
}

export interface AjpGet {
  readonly path: string; // "/ajax/"
  readonly hostHeader: string;
}

const FORWARD_REQUEST = 2;
const GET = 2;
const SEND_BODY_CHUNK = 3;
const SEND_HEADERS = 4;
const END_RESPONSE = 5;
const HEADER_HOST = 0xa00b;
const RESPONSE_HEADERS = [
  'Content-Type',
  'Content-Language',
  'Content-Length',
  'Date',
  'Last-Modified',
  'Location',
  'Set-Cookie',
  'Set-Cookie2',
  'Servlet-Engine',
  'Status',
  'WWW-Authenticate',
];
const MAX_PACKETS = 64;

export function forwardRequestPacket(get: AjpGet): Buffer {
  if (/[\r\n\0]/.test(get.path + get.hostHeader))
    throw new TypeError('AJP request path and host must not contain CR, LF or NUL');
  const body = Buffer.concat([
    Buffer.from([FORWARD_REQUEST, GET]),
    str('HTTP/1.1'),
    str(get.path),
    str('127.0.0.1'), // remote_addr
    str('oxdoctor'), // remote_host
    str(get.hostHeader), // server_name
    int(80),
    Buffer.from([0]), // is_ssl
    int(1),
    int(HEADER_HOST),
    str(get.hostHeader),
    Buffer.from([0xff]), // no attributes
  ]);
  return Buffer.concat([Buffer.from([0x12, 0x34]), int(body.length), body]);
}

export function probeAjpGet(open: Opener, get: AjpGet, options: ProbeOptions = {}): Promise<ProbeResult<AjpResponse>> {
  return runProbe(
    open,
    async ({ connect }) => {
      const conn = await connect();
      await conn.write(forwardRequestPacket(get), `FORWARD_REQUEST GET ${get.path} Host: ${get.hostHeader}`);
      let head: Omit<AjpResponse, 'route'> | undefined;
      for (let i = 0; i < MAX_PACKETS; i++) {
        const prefix = await conn.reader.bytes(4, 'an AJP response packet');
        if (prefix[0] !== 0x41 || prefix[1] !== 0x42) {
          throw new ProbeError(
            'bad-greeting',
            `expected an AJP container packet ("AB"), got ${JSON.stringify(prefix.toString('latin1'))}`,
          );
        }
        const packet = await conn.reader.bytes(prefix.readUInt16BE(2), 'the AJP packet body');
        const type = packet[0];
        if (type === SEND_HEADERS) {
          head = parseHeaders(packet);
        } else if (type === END_RESPONSE) {
          if (!head) throw new ProbeError('protocol-error', 'END_RESPONSE before any headers');
          const route = routeOf(head.headers);
          return { ...head, ...(route !== undefined ? { route } : {}) };
        } else if (type !== SEND_BODY_CHUNK) {
          throw new ProbeError('protocol-error', `unexpected AJP packet type ${String(type)}`);
        }
      }
      throw new ProbeError('protocol-error', `no END_RESPONSE within ${MAX_PACKETS} packets`);
    },
    options,
  );
}

function parseHeaders(p: Buffer): Omit<AjpResponse, 'route'> {
  let at = 1;
  const status = p.readUInt16BE(at);
  at += 2;
  const [statusText, afterText] = readStr(p, at);
  at = afterText;
  const count = p.readUInt16BE(at);
  at += 2;
  const headers: [string, string][] = [];
  for (let i = 0; i < count; i++) {
    let name: string;
    if (p[at] === 0xa0) {
      name = RESPONSE_HEADERS[p.readUInt16BE(at) - 0xa001] ?? `0x${p.readUInt16BE(at).toString(16)}`;
      at += 2;
    } else {
      [name, at] = readStr(p, at);
    }
    let value: string;
    [value, at] = readStr(p, at);
    headers.push([name, value]);
  }
  return { status, statusText, headers };
}

// "JSESSIONID=8F3A...1C.OX-1; Path=/ajax" -> "OX-1"
export function routeOf(headers: readonly (readonly [string, string])[]): string | undefined {
  for (const [name, value] of headers) {
    if (name.toLowerCase() !== 'set-cookie') continue;
    const m = /^\s*JSESSIONID=([^;]*)/i.exec(value);
    const id = m?.[1];
    if (id && id.includes('.')) return id.slice(id.indexOf('.') + 1);
  }
  return undefined;
}

function readStr(p: Buffer, at: number): [string, number] {
  const len = p.readUInt16BE(at);
  if (len === 0xffff) return ['', at + 2];
  return [p.toString('latin1', at + 2, at + 2 + len), at + 2 + len + 1];
}

function str(s: string): Buffer {
  const b = Buffer.from(s, 'latin1');
  return Buffer.concat([int(b.length), b, Buffer.from([0])]);
}

function int(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}
