// A transform that hands a function whole lines at a time (each chunk cut after its last newline), as latin1
// strings so every byte passes through unchanged. Memory stays bounded: a line longer than maxLineBytes is
// handed over in pieces.
import { Transform, type TransformCallback } from 'node:stream';

export const MAX_LINE_BYTES = 1024 * 1024;

export function wholeLines(process: (latin1: string) => string, maxLineBytes = MAX_LINE_BYTES): Transform {
  let carry: Buffer = Buffer.alloc(0);
  const emit = (stream: Transform, data: Buffer): void => {
    if (data.length > 0) stream.push(Buffer.from(process(data.toString('latin1')), 'latin1'));
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      try {
        const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
        const last = data.lastIndexOf(0x0a);
        if (last === -1) {
          carry = data;
        } else {
          emit(this, data.subarray(0, last + 1));
          carry = data.subarray(last + 1);
        }
        if (carry.length >= maxLineBytes) {
          emit(this, carry);
          carry = Buffer.alloc(0);
        }
        done();
      } catch (e) {
        done(e as Error);
      }
    },
    flush(done: TransformCallback) {
      try {
        emit(this, carry);
        done();
      } catch (e) {
        done(e as Error);
      }
    },
  });
}
