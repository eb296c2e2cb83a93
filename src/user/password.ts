// The user's password for `oxdoctor user --password-stdin`: the first line of stdin (a pipe), or asked without echo
// when stdin is a terminal. Wrapped as a Secret at once, so the redactor masks it everywhere from then on.
import type { Readable } from 'node:stream';
import { UserError } from '../core/errors.js';
import { Secret } from '../core/redact.js';
import { promptOn, type TerminalInput } from '../config/prompt.js';
import type { Writable } from 'node:stream';

const MAX_BYTES = 4096;

export async function readPassword(input: TerminalInput, prompt: Writable, login: string): Promise<Secret> {
  const text = input.isTTY ? await promptOn(input, prompt)(`Password for ${login}: `) : await firstLine(input);
  if (text === '')
    throw new UserError('--password-stdin: no password on stdin', 'echo the password | oxdoctor user ...');
  if (/[\r\n\0]/.test(text)) throw new UserError('--password-stdin: the password holds CR, LF or NUL', 'one line only');
  return new Secret(text, 'stdin');
}

// The first line, without its line end; stdin is read up to MAX_BYTES, never to the end of a stream that does not end.
function firstLine(input: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const finish = (): void => {
      input.off('data', onData);
      input.off('end', finish);
      input.off('error', reject);
      input.pause();
      const end = buffer.search(/\r?\n/);
      resolve(end === -1 ? buffer : buffer.slice(0, end));
    };
    const onData = (chunk: Buffer | string): void => {
      buffer += chunk.toString();
      if (/\n/.test(buffer) || buffer.length >= MAX_BYTES) finish();
    };
    input.on('data', onData);
    input.once('end', finish);
    input.once('error', reject);
    input.resume();
  });
}
