// Writes rendered output through the redactor; a closed pipe (`| head`) is not an error, any other write
// failure (a full disk, /dev/full) is one EnvironmentError line and exit 3, never an unhandled 'error' event.
import type { Writable } from 'node:stream';
import { EnvironmentError, messageOf } from '../core/errors.js';
import { redactor as defaultRedactor, type Redactor } from '../core/redact.js';

export function writeOut(stream: Writable, text: string, redactor: Redactor = defaultRedactor): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (err?: Error | null): void => {
      if (settled) return;
      settled = true;
      const code = (err as NodeJS.ErrnoException | null | undefined)?.code;
      if (!err || code === 'EPIPE') resolve();
      else reject(writeFailure(err));
    };
    // Stays attached: a stream that failed emits 'error' after the write callback, and that must not crash.
    stream.on('error', settle);
    stream.write(redactor.redact(text), (err) => {
      if (!err) stream.off('error', settle);
      settle(err);
    });
  });
}

export function writeFailure(err: unknown): EnvironmentError {
  const code = (err as NodeJS.ErrnoException).code;
  const why = code === 'ENOSPC' ? 'no space left on the device' : messageOf(err);
  return new EnvironmentError(`cannot write the output: ${why}`, undefined, { cause: err });
}
