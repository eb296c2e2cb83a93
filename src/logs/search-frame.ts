// The search command's output taken apart: lines between "NONCE I" and "NONCE I end RC" belong to file I.
// The nonce is random per command, so no log line can pose as a frame. Split on bytes, decoded per line;
// a line longer than MAX_LINE_BYTES keeps its first MAX_LINE_BYTES (memory stays bounded).
import type { LogFile, RawLine } from './types.js';

export const MAX_LINE_BYTES = 1024 * 1024;
const NEWLINE = 0x0a;

export interface FileFailure {
  readonly file: LogFile;
  readonly error: Error;
}

export class SearchFramer {
  private readonly header: string;
  private current: LogFile | undefined;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly failed: FileFailure[] = [];
  private lastEnded = -1;

  constructor(
    nonce: string,
    private readonly files: readonly LogFile[],
  ) {
    this.header = `${nonce} `;
  }

  push(chunk: Buffer): RawLine[] {
    const out: RawLine[] = [];
    let start = 0;
    for (let nl = chunk.indexOf(NEWLINE); nl >= 0; nl = chunk.indexOf(NEWLINE, start)) {
      if (this.pendingBytes === 0) {
        this.line(chunk.toString('utf8', start, Math.min(nl, start + MAX_LINE_BYTES)), out);
      } else {
        this.hold(chunk.subarray(start, nl));
        this.line(this.take(), out);
      }
      start = nl + 1;
    }
    if (start < chunk.length) this.hold(chunk.subarray(start));
    return out;
  }

  // What is left without a newline at the end of the output.
  end(): RawLine[] {
    const out: RawLine[] = [];
    if (this.pendingBytes > 0) this.line(this.take(), out);
    return out;
  }

  failures(): readonly FileFailure[] {
    return this.failed;
  }

  // Every file's end frame was seen.
  finished(): boolean {
    return this.lastEnded === this.files.length - 1;
  }

  private hold(part: Buffer): void {
    const room = MAX_LINE_BYTES - this.pendingBytes;
    if (room <= 0) return;
    const kept = part.length > room ? part.subarray(0, room) : part;
    this.pending.push(Buffer.from(kept)); // a copy: the chunk's memory is not pinned by a short tail
    this.pendingBytes += kept.length;
  }

  private take(): string {
    const text = Buffer.concat(this.pending, this.pendingBytes).toString('utf8');
    this.pending = [];
    this.pendingBytes = 0;
    return text;
  }

  private line(text: string, out: RawLine[]): void {
    if (text.startsWith(this.header)) return this.frame(text.slice(this.header.length));
    const file = this.current;
    if (!file) return;
    out.push({ source: file.source, path: file.path, text, fileMtimeMs: file.mtimeMs });
  }

  private frame(text: string): void {
    const m = /^(\d+)(?: end (\d+))?$/.exec(text);
    const file = m ? this.files[Number(m[1])] : undefined;
    if (!m || !file) return;
    if (m[2] === undefined) {
      this.current = file;
      return;
    }
    this.current = undefined;
    this.lastEnded = Number(m[1]);
    const code = Number(m[2]);
    if (code >= 2) {
      const what = file.gzip ? 'gzip -dc | grep' : 'grep';
      this.failed.push({ file, error: new Error(`${file.source.host}: ${what} ${file.path} failed (exit ${code})`) });
    }
  }
}
