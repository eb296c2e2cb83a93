// LocalTransport.readFile takes only regular files, and a FIFO is refused at once instead of holding the open.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../src/core/errors.js';
import { LocalTransport } from '../../src/transport/local.js';
import { fifoWithLateWriter } from '../helpers/fifo.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'oxdoctor-local-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('LocalTransport.readFile', () => {
  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const fifo = fifoWithLateWriter(path.join(dir, 'main.cf'), 'myhostname = relay\n');
    cleanups.push(() => fifo.close());
    const started = Date.now();
    const err = await new LocalTransport('relay').readFile(fifo.path).then(
      () => new Error('read'),
      (e: unknown) => e as Error,
    );
    expect(Date.now() - started).toBeLessThan(1000);
    expect(err).toBeInstanceOf(EnvironmentError);
    expect(err.message).toBe(`cannot read ${fifo.path} on relay: not a regular file`);
  });

  it('refuses a device without reading from it', async () => {
    await expect(new LocalTransport('relay').readFile('/dev/zero', { maxBytes: 16 })).rejects.toThrow(
      'cannot read /dev/zero on relay: not a regular file',
    );
  });
});
