// Redaction of a stream with bounded memory: a 1 GiB log passes through a chunk of whole lines at a time.
// A line longer than maxLineBytes is redacted in pieces (a secret straddling two pieces can escape the format
// rules; known values are still matched within each piece).
import type { Transform } from 'node:stream';
import { MAX_LINE_BYTES, wholeLines } from '../line-chunks.js';
import type { ItemRedactor } from './item-redactor.js';

export function redactStream(item: ItemRedactor, maxLineBytes = MAX_LINE_BYTES): Transform {
  return wholeLines((text) => item.block(text), maxLineBytes);
}
