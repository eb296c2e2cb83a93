// Holds one entry of unknown size until it ends (a tar header needs the size first): in memory up to a
// limit, then in a temporary file of mode 0600 that is removed once the entry is written. The bundle itself
// is never copied whole; only the one entry in flight, and it holds data already redacted.
import { createHash, type Hash } from 'node:crypto';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DEFAULT_MEMORY_LIMIT = 1024 * 1024;
const READ_CHUNK = 64 * 1024;

export class Spool {
  private readonly chunks: Buffer[] = [];
  private inMemory = 0;
  private file: { dir: string; path: string; handle: FileHandle } | null = null;
  private readonly hash: Hash = createHash('sha256');
  size = 0;

  constructor(
    private readonly memoryLimit = DEFAULT_MEMORY_LIMIT,
    private readonly dir = tmpdir(),
  ) {}

  async write(data: Buffer): Promise<void> {
    if (data.length === 0) return;
    this.hash.update(data);
    this.size += data.length;
    if (!this.file && this.inMemory + data.length <= this.memoryLimit) {
      this.chunks.push(data);
      this.inMemory += data.length;
      return;
    }
    if (!this.file) {
      const dir = await mkdtemp(join(this.dir, 'oxdoctor-spool-'));
      const path = join(dir, 'entry');
      const handle = await open(path, 'wx', 0o600);
      this.file = { dir, path, handle };
      for (const c of this.chunks.splice(0)) await handle.write(c);
      this.inMemory = 0;
    }
    await this.file.handle.write(data);
  }

  sha256(): string {
    return this.hash.copy().digest('hex');
  }

  // The entry's data. From a file, every chunk is the same buffer read again: the reader is done with one before
  // it asks for the next (a fresh 256 KiB a chunk was 50 MB of garbage Buffers per capped log, freed late).
  async *read(): AsyncIterable<Buffer> {
    if (!this.file) {
      yield* this.chunks;
      return;
    }
    await this.file.handle.close();
    const handle = await open(this.file.path, 'r');
    const buf = Buffer.allocUnsafe(READ_CHUNK);
    try {
      for (;;) {
        const { bytesRead } = await handle.read(buf, 0, buf.length, null);
        if (bytesRead === 0) return;
        yield buf.subarray(0, bytesRead);
      }
    } finally {
      await handle.close();
    }
  }

  // Spooled to a file (the entry outgrew memory).
  get onDisk(): boolean {
    return this.file !== null;
  }

  async dispose(): Promise<void> {
    this.chunks.length = 0;
    if (!this.file) return;
    await this.file.handle.close().catch(() => undefined);
    await rm(this.file.dir, { recursive: true, force: true });
    this.file = null;
  }
}
