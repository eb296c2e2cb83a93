// MySQL/MariaDB: read the server's initial handshake packet (or its error packet) and hang up.
import { runProbe } from './session.js';
import { ProbeError, type Opener, type ProbeOptions, type ProbeResult } from './types.js';

export interface MysqlInfo {
  readonly protocolVersion: number; // 10
  readonly serverVersion: string; // "10.11.11-MariaDB-0+deb12u1"
  readonly connectionId: number;
}

const MAX_HANDSHAKE = 64 * 1024;

export function probeMysql(open: Opener, options: ProbeOptions = {}): Promise<ProbeResult<MysqlInfo>> {
  return runProbe(
    open,
    async ({ connect, transcript }) => {
      const conn = await connect();
      const header = await conn.reader.bytes(4, 'the handshake packet');
      const length = header.readUIntLE(0, 3);
      if (length === 0 || length > MAX_HANDSHAKE) {
        throw new ProbeError(
          'bad-greeting',
          `not a MySQL server: first bytes ${JSON.stringify(header.toString('latin1'))}`,
        );
      }
      const payload = await conn.reader.bytes(length, 'the handshake packet');
      const info = parseHandshake(payload);
      transcript.server(
        `handshake v${info.protocolVersion} server ${info.serverVersion} connection id ${info.connectionId}`,
      );
      return info;
    },
    options,
  );
}

// Throws the classified error for an error packet or anything that is not a v10 handshake.
export function parseHandshake(payload: Buffer): MysqlInfo {
  const first = payload[0];
  if (first === 0xff) {
    const code = payload.length >= 3 ? payload.readUInt16LE(1) : 0;
    let text = payload.subarray(3);
    if (text[0] === 0x23 /* # */) text = text.subarray(6); // SQL state marker, absent before the handshake
    throw new ProbeError('rejected', `server refused the connection: error ${code}: ${text.toString('utf8')}`);
  }
  if (first !== 10) throw new ProbeError('bad-greeting', `expected protocol version 10, got byte ${first}`);
  const end = payload.indexOf(0, 1);
  if (end === -1 || end + 5 > payload.length)
    throw new ProbeError('bad-greeting', 'handshake packet without a server version');
  return {
    protocolVersion: 10,
    serverVersion: payload.subarray(1, end).toString('latin1'),
    connectionId: payload.readUInt32LE(end + 1),
  };
}
