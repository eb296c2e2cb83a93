// Writes rendered output through the redactor; a closed pipe (`| head`) is not an error.
import type { Writable } from 'node:stream';
import { redactor as defaultRedactor, type Redactor } from '../core/redact.js';

export function writeOut(stream: Writable, text: string, redactor: Redactor = defaultRedactor): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => (err.code === 'EPIPE' ? resolve() : reject(err));
    stream.once('error', onError);
    stream.write(redactor.redact(text), (err) => {
      stream.off('error', onError);
      if (err && (err as NodeJS.ErrnoException).code !== 'EPIPE') reject(err);
      else resolve();
    });
  });
}
