// Reading a file oxdoctor was pointed at (the config, a secret) without trusting it to be one: a FIFO would
// hold the open until a writer comes, /dev/zero or /dev/urandom would fill memory, a directory is a slip.
// What fstat says refuses them at once, before a byte is read.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';

// A file refused for what it is; the message completes "config file PATH ...".
export class FileRefused extends Error {
  override readonly name = 'FileRefused';
}

export interface LimitedFile {
  readonly data: Buffer;
  readonly mode: number; // st_mode of the file read
}

// O_NONBLOCK: the open of a FIFO returns at once instead of waiting for a writer; regular files ignore it.
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

export async function readLimitedFile(path: string, maxBytes: number): Promise<LimitedFile> {
  const handle = await open(path, OPEN_FLAGS);
  try {
    const stat = await handle.stat();
    refuseUnlessSmallFile(stat, maxBytes);
    const reader = new Bounded(stat.size, maxBytes);
    for (;;) {
      const { bytesRead } = await handle.read(reader.buffer, reader.got, reader.room, null);
      if (!reader.took(bytesRead)) break;
    }
    return { data: reader.data(), mode: stat.mode };
  } finally {
    await handle.close();
  }
}

// The same for callers that cannot wait (ssh_config is resolved while the config loads, synchronously).
export function readLimitedFileSync(path: string, maxBytes: number): LimitedFile {
  const fd = openSync(path, OPEN_FLAGS);
  try {
    const stat = fstatSync(fd);
    refuseUnlessSmallFile(stat, maxBytes);
    const reader = new Bounded(stat.size, maxBytes);
    while (reader.took(readSync(fd, reader.buffer, reader.got, reader.room, null)));
    return { data: reader.data(), mode: stat.mode };
  } finally {
    closeSync(fd);
  }
}

function refuseUnlessSmallFile(stat: Stats, maxBytes: number): void {
  if (!stat.isFile()) throw new FileRefused(`is ${kindOf(stat)}, not a regular file`);
  if (stat.size > maxBytes) throw new FileRefused(`is larger than ${sizeText(maxBytes)} (${stat.size} bytes)`);
}

// At most one byte more than allowed, whatever the size said: the file may grow meanwhile. The buffer starts
// at the size fstat gave, so a cap of 16 MiB costs a small file nothing.
class Bounded {
  buffer: Buffer;
  got = 0;

  constructor(
    size: number,
    private readonly maxBytes: number,
  ) {
    this.buffer = Buffer.alloc(Math.min(size, maxBytes) + 1);
  }

  get room(): number {
    return this.buffer.length - this.got;
  }

  // Counts what a read brought; false at the end of the file.
  took(bytesRead: number): boolean {
    if (bytesRead === 0) return false;
    this.got += bytesRead;
    if (this.got > this.maxBytes) throw new FileRefused(`is larger than ${sizeText(this.maxBytes)}`);
    if (this.room === 0) {
      const grown = Buffer.alloc(Math.min(this.buffer.length * 2, this.maxBytes + 1));
      this.buffer.copy(grown);
      this.buffer = grown;
    }
    return true;
  }

  data(): Buffer {
    return this.buffer.subarray(0, this.got);
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
