// The search command's output taken apart: lines between "NONCE I" (or "NONCE I START": the file read from byte
// START on) and "NONCE I end RC" belong to file I; with offsets, each is "OFFSET:LINE" (grep -b, from START).
// The nonce is random per command, so no log line can pose as a frame. Split on bytes, decoded per line;
// a line longer than MAX_LINE_BYTES keeps its first MAX_LINE_BYTES (memory stays bounded).
import type { LogFile, RawLine } from './types.js';

// A line found, with its byte offset in the file when the search asked for offsets.
export interface FoundLine extends RawLine {
  readonly offset?: number;
}

export const MAX_LINE_BYTES = 1024 * 1024;
const NEWLINE = 0x0a;

export interface FileFailure {
  readonly file: LogFile;
  readonly error: Error;
}

export class SearchFramer {
  private readonly header: string;
  private current: LogFile | undefined;
  private start = 0; // where the current file was read from
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly failed: FileFailure[] = [];
  private lastEnded = -1;

  constructor(
    nonce: string,
    private readonly files: readonly LogFile[],
    private readonly offsets = false,
  ) {
    this.header = `${nonce} `;
  }

  push(chunk: Buffer): FoundLine[] {
    const out: FoundLine[] = [];
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
  end(): FoundLine[] {
    const out: FoundLine[] = [];
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

  private line(text: string, out: FoundLine[]): void {
    if (text.startsWith(this.header)) return this.frame(text.slice(this.header.length));
    const file = this.current;
    if (!file) return;
    const found = { source: file.source, path: file.path, text, fileMtimeMs: file.mtimeMs };
    const colon = this.offsets ? text.indexOf(':') : -1;
    const offset = colon > 0 ? Number(text.slice(0, colon)) : NaN;
    if (Number.isInteger(offset)) out.push({ ...found, text: text.slice(colon + 1), offset: this.start + offset });
    else out.push(found);
  }

  private frame(text: string): void {
    const m = /^(\d+)(?: (\d+)| end (\d+))?$/.exec(text);
    const file = m ? this.files[Number(m[1])] : undefined;
    if (!m || !file) return;
    if (m[3] === undefined) {
      this.current = file;
      this.start = Number(m[2] ?? 0);
      return;
    }
    this.current = undefined;
    this.lastEnded = Number(m[1]);
    const code = Number(m[3]);
    if (code >= 2) {
      const what = file.gzip ? 'gzip -dc | grep' : 'grep';
      this.failed.push({ file, error: new Error(`${file.source.host}: ${what} ${file.path} failed (exit ${code})`) });
    }
  }
}
