// The local disk as discovery reads it (the embedded default): never more than asked, never stuck on a FIFO.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { localFiles } from '../../src/config/file-reader.js';
import { EnvironmentError } from '../../src/core/errors.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'oxdoctor-local-files-'));
  dirs.push(dir);
  return dir;
}

describe('localFiles', () => {
  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const fifo = join(tempDir(), 'main.cf');
    execFileSync('mkfifo', [fifo]);
    const err = await localFiles.readFile(fifo).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EnvironmentError);
    expect((err as Error).message).toBe(`cannot read ${fifo}: not a regular file`);
  }, 5000);

  it('refuses a directory and a device the same way', async () => {
    const dir = tempDir();
    await expect(localFiles.readFile(dir)).rejects.toThrow(`cannot read ${dir}: not a regular file`);
    const device = localFiles.readFile('/dev/zero', { maxBytes: 16 });
    await expect(device).rejects.toThrow('cannot read /dev/zero: not a regular file');
  });

  it('reads no more than maxBytes, from the start or from the end, and says the file was longer', async () => {
    const path = join(tempDir(), 'maillog');
    writeFileSync(path, 'first line\nmiddle\nlast line\n');
    const head = await localFiles.readFile(path, { maxBytes: 10 });
    expect(head).toMatchObject({ size: 28, truncated: true });
    expect(head?.data.toString()).toBe('first line');
    const tail = await localFiles.readFile(path, { maxBytes: 10, tail: true });
    expect(tail?.data.toString()).toBe('last line\n');
    const whole = await localFiles.readFile(path);
    expect(whole).toMatchObject({ size: 28, truncated: false });
  });

  it('answers null for a file that does not exist', async () => {
    expect(await localFiles.readFile(join(tempDir(), 'none'))).toBeNull();
    expect(await localFiles.readFile(join(tempDir(), 'none', 'below'))).toBeNull();
  });
});
