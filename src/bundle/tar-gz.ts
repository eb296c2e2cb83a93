// A streaming tar.gz writer: entries go out as they come, one at a time, through node:zlib into a file
// created with mode 0600 (never over an existing one). An entry of known size streams straight through; one
// of unknown size is spooled (spool.ts) while others are written, then written whole. No dependency: ustar
// and pax headers are 512-byte blocks (tar-header.ts), and tar-stream would still need the size up front.
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGzip, type Gzip } from 'node:zlib';
import { Spool } from './spool.js';
import { BLOCK, headerBlocks, padding } from './tar-header.js';

export interface TarEntry {
  readonly name: string; // the path inside the archive, "relay/etc/postfix/main.cf"
  readonly mode?: number; // default 0600 (files), 0700 (directories)
  readonly mtimeMs?: number; // default now
}

export interface AddedEntry {
  readonly name: string;
  readonly size: number; // the bytes in the archive
  readonly sha256: string;
  readonly truncated: boolean; // cut at maxBytes (or, for a sized entry, the source ran short or long)
}

export interface TarGzOptions {
  readonly level?: number; // gzip level, default 6
  readonly memoryLimit?: number; // per spooled entry, before it goes to a temporary file
  readonly spoolDir?: string;
}

export interface StreamOptions {
  readonly maxBytes?: number; // the rest is dropped and the entry marked truncated
}

type Source = AsyncIterable<Buffer | string>;

const BATCH_BYTES = 64 * 1024;

export class TarGzWriter {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private raw = 0;
  // Headers, paddings and small entries gathered into one write to gzip: each write is a thread pool job and a
  // callback on the main thread, and hundreds of small entries made thousands of them.
  private readonly batch: Buffer[] = [];
  private batched = 0;

  private constructor(
    readonly path: string,
    private readonly gzip: Gzip,
    private readonly output: WriteStream,
    private readonly finished: Promise<void>,
    private readonly options: TarGzOptions,
  ) {}

  static async create(path: string, options: TarGzOptions = {}): Promise<TarGzWriter> {
    const handle = await open(path, 'wx', 0o600);
    await handle.chmod(0o600);
    const output = createWriteStream('', { fd: handle, autoClose: true });
    const gzip = createGzip({ level: options.level ?? 6 });
    const finished = pipeline(gzip, output);
    finished.catch(() => undefined); // reported by close()
    return new TarGzWriter(path, gzip, output, finished, options);
  }

  // Bytes written to the file so far (compressed).
  get bytesWritten(): number {
    return this.output.bytesWritten;
  }

  // What the archive will take for everything handed over so far, for a --max-size budget: gzip holds back
  // (and the batch gathers) tens of KiB before the file grows, so the tar bytes are counted at the compression
  // seen so far, or whole before gzip has written anything.
  get estimatedBytes(): number {
    const out = this.output.bytesWritten;
    const consumed = this.gzip.bytesWritten;
    return out > 0 && consumed > 0 ? Math.max(out, Math.round((this.raw * out) / consumed)) : this.raw;
  }

  // Bytes of tar stream (headers, data, padding) handed to gzip so far.
  get tarBytes(): number {
    return this.raw;
  }

  addBuffer(entry: TarEntry, data: Buffer | string): Promise<AddedEntry> {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    return this.addSized(entry, buf.length, [buf]);
  }

  addDirectory(entry: TarEntry): Promise<void> {
    return this.exclusive(async () => {
      const header = headerBlocks({ ...defaults(entry, 0o700), size: 0, type: 'directory' });
      await this.put(header);
    });
  }

  // An entry whose size is known before its data (a file read with its size): streamed straight through.
  // A source that ends early is padded with zeros, one that runs long is cut; both mark it truncated.
  // borrowed: each chunk's memory is reused for the next one (Spool.read): it is copied or fully written first.
  addSized(entry: TarEntry, size: number, source: Iterable<Buffer> | Source, borrowed = false): Promise<AddedEntry> {
    return this.exclusive(async () => {
      await this.put(headerBlocks({ ...defaults(entry, 0o600), size, type: 'file' }));
      const hash = createHash('sha256');
      let written = 0;
      let truncated = false;
      for await (const chunk of source) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        const take = buf.subarray(0, Math.max(0, size - written));
        if (take.length < buf.length) truncated = true;
        if (take.length > 0) {
          hash.update(take);
          await this.put(take, borrowed);
          written += take.length;
        }
        if (written >= size && truncated) break;
      }
      if (written < size) {
        truncated = true;
        const zeros = Buffer.alloc(size - written);
        hash.update(zeros);
        await this.put(zeros);
      }
      await this.put(Buffer.alloc(padding(size)));
      return { name: entry.name, size, sha256: hash.digest('hex'), truncated };
    });
  }

  // An entry whose size is known only at its end (command output, a redacted file): spooled while other
  // entries are written, then written whole. At most maxBytes are kept.
  async addStream(entry: TarEntry, source: Source, options: StreamOptions = {}): Promise<AddedEntry> {
    const spool = new Spool(this.options.memoryLimit, this.options.spoolDir);
    try {
      const max = options.maxBytes ?? Number.POSITIVE_INFINITY;
      let truncated = false;
      for await (const chunk of source) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        const room = max - spool.size;
        await spool.write(buf.length > room ? buf.subarray(0, room) : buf);
        if (buf.length > room) {
          truncated = true;
          break;
        }
      }
      const added = await this.addSized(entry, spool.size, spool.read(), true);
      return { ...added, truncated };
    } finally {
      await spool.dispose();
    }
  }

  // Ends the archive (two zero blocks), flushes gzip and closes the file.
  async close(): Promise<{ path: string; bytes: number }> {
    await this.exclusive(async () => {
      await this.put(Buffer.alloc(BLOCK * 2));
      await this.flush();
      this.closed = true;
      this.gzip.end();
    });
    await this.finished;
    return { path: this.path, bytes: this.output.bytesWritten };
  }

  // Stops writing and removes the partial file.
  async abort(): Promise<void> {
    this.closed = true;
    this.gzip.destroy();
    await this.finished.catch(() => undefined);
    await rm(this.path, { force: true });
  }

  // Entries are written one after the other, in the order they were handed over.
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.closed) throw new Error(`tar.gz ${this.path} is already closed`);
      return work();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  // A big piece goes to gzip as it is (after what is gathered); a borrowed one only once gzip has taken it in.
  private async put(data: Buffer, borrowed = false): Promise<void> {
    if (data.length === 0) return;
    this.raw += data.length;
    if (data.length >= BATCH_BYTES) {
      await this.flush();
      await this.write(data, borrowed);
      return;
    }
    this.batch.push(borrowed ? Buffer.from(data) : data);
    this.batched += data.length;
    if (this.batched >= BATCH_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.batched === 0) return;
    const data = this.batch.length === 1 ? this.batch[0]! : Buffer.concat(this.batch);
    this.batch.length = 0;
    this.batched = 0;
    await this.write(data, false);
  }

  private async write(data: Buffer, untilTaken: boolean): Promise<void> {
    if (untilTaken) {
      const taken = new Promise<void>((done) => this.gzip.write(data, () => done()));
      await Promise.race([taken, this.finished]);
    } else if (!this.gzip.write(data)) await Promise.race([once(this.gzip, 'drain'), this.finished]);
  }
}

function defaults(entry: TarEntry, mode: number): { name: string; mode: number; mtimeMs: number } {
  return { name: entry.name, mode: entry.mode ?? mode, mtimeMs: entry.mtimeMs ?? Date.now() };
}
