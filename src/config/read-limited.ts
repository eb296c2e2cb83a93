// Reading a file oxdoctor was pointed at (the config, a secret) without trusting it to be one: a FIFO would
// hold the open until a writer comes, /dev/zero or /dev/urandom would fill memory, a directory is a slip.
// What fstat says refuses them at once, before a byte is read.
import { constants, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';

// A file refused for what it is; the message completes "config file PATH ...".
export class FileRefused extends Error {
  override readonly name = 'FileRefused';
}

export interface LimitedFile {
  readonly data: Buffer;
  readonly mode: number; // st_mode of the file read
}

export async function readLimitedFile(path: string, maxBytes: number): Promise<LimitedFile> {
  // O_NONBLOCK: the open of a FIFO returns at once instead of waiting for a writer; regular files ignore it.
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new FileRefused(`is ${kindOf(stat)}, not a regular file`);
    if (stat.size > maxBytes) throw new FileRefused(`is larger than ${sizeText(maxBytes)} (${stat.size} bytes)`);
    // At most one byte more than allowed, whatever the size said: the file may grow meanwhile.
    const data = Buffer.alloc(maxBytes + 1);
    let got = 0;
    for (;;) {
      const { bytesRead } = await handle.read(data, got, data.length - got, null);
      if (bytesRead === 0) break;
      got += bytesRead;
      if (got > maxBytes) throw new FileRefused(`is larger than ${sizeText(maxBytes)}`);
    }
    return { data: data.subarray(0, got), mode: stat.mode };
  } finally {
    await handle.close();
  }
}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}

// 1048576 -> "1 MiB", 65536 -> "64 KiB"
export function sizeText(bytes: number): string {
  if (bytes % (1 << 20) === 0) return `${bytes / (1 << 20)} MiB`;
  if (bytes % (1 << 10) === 0) return `${bytes / (1 << 10)} KiB`;
  return `${bytes} bytes`;
}

// Why a file could not be opened, completing "config file PATH ..." or "secret file PATH ...".
export function whyUnreadable(err: unknown): string {
  if (err instanceof FileRefused) return err.message;
  const code = (err as { code?: string }).code;
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'is not readable (permission denied)';
  return `cannot be read (${code ?? (err instanceof Error ? err.message : String(err))})`;
}
