// The remote helper's frames (see script.ts): 1 byte type, 4 bytes id, 4 bytes length, payload.

export interface Frame {
  readonly type: string;
  readonly id: number;
  readonly payload: Buffer;
}

const HEADER = 9;

export function encodeFrame(type: string, id: number, payload: Buffer | string = ''): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const head = Buffer.alloc(HEADER);
  head.write(type, 0, 1, 'latin1');
  head.writeUInt32BE(id, 1);
  head.writeUInt32BE(body.length, 5);
  return Buffer.concat([head, body]);
}

// Argv and environment of a command, NUL-separated; neither may contain NUL (checked by the caller).
export function startPayload(argv: readonly string[], env: Readonly<Record<string, string>>): Buffer {
  const fields = [String(argv.length), ...argv, ...Object.entries(env).map(([k, v]) => `${k}=${v}`)];
  return Buffer.from(fields.join('\0'), 'utf8');
}

// Cuts a byte stream into frames; a frame split across chunks waits for the rest.
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    let buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    const frames: Frame[] = [];
    while (buf.length >= HEADER) {
      const length = buf.readUInt32BE(5);
      if (buf.length < HEADER + length) break;
      frames.push({
        type: buf.toString('latin1', 0, 1),
        id: buf.readUInt32BE(1),
        payload: buf.subarray(HEADER, HEADER + length),
      });
      buf = buf.subarray(HEADER + length);
    }
    this.pending = buf.length > 0 ? Buffer.from(buf) : Buffer.alloc(0);
    return frames;
  }
}

// "exit N" or "signal NAME" from a Z frame.
export function parseExit(payload: Buffer): { code: number | null; signal: string | null } {
  const [kind, value = ''] = payload.toString('latin1').split(' ');
  if (kind === 'exit') return { code: Number(value), signal: null };
  return { code: null, signal: value || null };
}
