// Redaction of a stream with bounded memory: a 1 GiB log passes through a chunk of whole lines at a time.
import { Transform, type TransformCallback } from 'node:stream';
import type { ItemRedactor } from './item-redactor.js';

// A longer line is redacted in pieces of this size (a secret straddling two pieces can escape the format
// rules; known values are still matched within each piece).
export const MAX_LINE_BYTES = 1024 * 1024;

export function redactStream(item: ItemRedactor, maxLineBytes = MAX_LINE_BYTES): Transform {
  let carry: Buffer = Buffer.alloc(0);
  const emit = (stream: Transform, data: Buffer): void => {
    if (data.length > 0) stream.push(Buffer.from(item.block(data.toString('latin1')), 'latin1'));
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
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
    },
    flush(done: TransformCallback) {
      emit(this, carry);
      done();
    },
  });
}
