import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/core/redact.js';
import { writeOut } from '../../src/reporters/writer.js';

describe('writeOut', () => {
  it('masks registered secrets in what it writes', async () => {
    const redactor = new Redactor();
    redactor.register('hunter2-secret');
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    await writeOut(stream, 'password=hunter2-secret\n', redactor);
    expect(Buffer.concat(chunks).toString()).toBe('password=********\n');
  });
});

describe('writeOut to a stream that fails', () => {
  it('rejects with one line for the user, and the error the stream emits later is handled', async () => {
    const { Writable } = await import('node:stream');
    const full = new Writable({
      write(_chunk, _enc, cb) {
        cb(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
      },
    });
    await expect(writeOut(full, 'x\n', new Redactor())).rejects.toThrow(
      'cannot write the output: no space left on the device',
    );
    // Writable emits 'error' on the next tick after the callback: it must find our listener.
    await new Promise((r) => setImmediate(r));
    expect(full.listenerCount('error')).toBe(1);
  });

  it('treats a closed pipe as the reader having read enough', async () => {
    const { Writable } = await import('node:stream');
    const closed = new Writable({
      write(_chunk, _enc, cb) {
        cb(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    await expect(writeOut(closed, 'x\n', new Redactor())).resolves.toBeUndefined();
  });
});
