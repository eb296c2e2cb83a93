// Takes the follow reader's stdout (follow-script.ts) apart: nonce-framed headers, the bytes of each file,
// and whole lines out of them. A line that arrives in pieces is held until its newline, the end of its
// content stream (an F frame), or FLUSH_IDLE_MS without more bytes.
import type { LogSource, RawLine } from './types.js';

export const FLUSH_IDLE_MS = 1000;
// A "line" longer than this without a newline goes out in pieces, so memory stays bounded.
const MAX_LINE_BYTES = 1024 * 1024;
// Output before the first frame (a login script's banner) or between frames is skipped up to this much a line.
const MAX_HEADER_BYTES = 64 * 1024;

export type FollowEvent =
  | { readonly kind: 'gap'; readonly source: LogSource; readonly text: string }
  | { readonly kind: 'unreadable'; readonly source: LogSource; readonly text: string }
  | { readonly kind: 'protocol'; readonly text: string }
  | { readonly kind: 'beat' };

interface HeldLine {
  readonly source: LogSource;
  readonly path: string;
  bytes: Buffer;
  since: number; // when its first byte came
}

interface Frame {
  readonly source: LogSource;
  readonly key: string;
  readonly path: string;
  readonly heldBefore: HeldLine | undefined; // to put back when the reader voids the frame
  readonly lines: RawLine[]; // given out when the trailer says the bytes were good
  count: number;
}

export class FollowDecoder {
  private readonly marker: Buffer; // "\nNONCE E ": the end of a data frame
  private readonly prefix: string;
  private buf: Buffer = Buffer.alloc(0);
  private frame: Frame | null = null; // the data frame being read
  private ending: Frame | null = null; // the data frame whose trailer comes next
  private readonly partials = new Map<string, HeldLine>();
  private out: RawLine[] = [];

  constructor(
    nonce: string,
    private readonly sources: readonly LogSource[],
    private readonly onEvent: (event: FollowEvent) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.prefix = `${nonce} `;
    this.marker = Buffer.from(`\n${nonce} E `, 'latin1');
  }

  // Feeds a chunk of stdout; returns the lines completed by it, in order.
  push(chunk: Buffer): RawLine[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    for (;;) {
      if (this.frame) {
        const end = this.buf.indexOf(this.marker);
        if (end === -1) {
          const safe = this.buf.length - this.marker.length + 1;
          if (safe > 0) this.data(this.buf.subarray(0, safe));
          if (safe > 0) this.buf = this.buf.subarray(safe);
          break;
        }
        this.data(this.buf.subarray(0, end));
        this.buf = this.buf.subarray(end + 1); // the trailer line follows: "NONCE E COUNT"
        this.ending = this.frame;
        this.frame = null;
        continue;
      }
      const line = this.takeLine();
      if (line === null) break;
      this.header(line);
    }
    return this.take();
  }

  // Lines held longer than FLUSH_IDLE_MS go out as they are.
  flushIdle(): RawLine[] {
    const limit = this.now() - FLUSH_IDLE_MS;
    const open = this.frame?.key ?? this.ending?.key;
    for (const [key, p] of this.partials) if (p.since <= limit && key !== open) this.flushKey(key);
    return this.take();
  }

  // Everything held, at the end of the stream.
  flushAll(): RawLine[] {
    for (const key of [...this.partials.keys()]) this.flushKey(key);
    return this.take();
  }

  get holding(): boolean {
    return this.partials.size > 0;
  }

  private take(): RawLine[] {
    const lines = this.out;
    this.out = [];
    return lines;
  }

  private takeLine(): string | null {
    const nl = this.buf.indexOf(0x0a);
    if (nl === -1) {
      if (this.buf.length > MAX_HEADER_BYTES) this.buf = Buffer.alloc(0);
      return null;
    }
    const line = this.buf.subarray(0, nl).toString('utf8');
    this.buf = this.buf.subarray(nl + 1);
    return line;
  }

  private header(line: string): void {
    if (!line.startsWith(this.prefix)) return; // noise before the first frame: not the reader's
    const rest = line.slice(this.prefix.length);
    const [type = '', a = '', b = ''] = rest.split(' ', 3);
    if (type === 'H') {
      // There to end the reader when nobody reads it; the first says the reader has its starting offsets.
      this.onEvent({ kind: 'beat' });
      return;
    }
    if (type === 'E') return this.endFrame(Number(a), b === 'void');
    const source = this.sources[Number(a) - 1];
    if (!source) return this.onEvent({ kind: 'protocol', text: `follow reader: unknown file ${a}` });
    const text = rest.slice(type.length + a.length + 2);
    if (type === 'D') {
      const path = rest.slice(type.length + a.length + b.length + 3);
      const key = `${a} ${b}`;
      const held = this.partials.get(key);
      this.frame = { source, key, path, heldBefore: held ? { ...held } : undefined, lines: [], count: 0 };
    } else if (type === 'F') this.flushKey(`${a} ${b}`);
    else if (type === 'G') this.onEvent({ kind: 'gap', source, text });
    else if (type === 'X') this.onEvent({ kind: 'unreadable', source, text });
  }

  // A void frame: the file was truncated while it was read, so its bytes may not be the file's; the reader
  // reads them again from the rotated copy.
  private endFrame(count: number, voided: boolean): void {
    const frame = this.ending;
    this.ending = null;
    if (!frame) return;
    if (voided) {
      if (frame.heldBefore) this.partials.set(frame.key, frame.heldBefore);
      else this.partials.delete(frame.key);
      return;
    }
    this.out.push(...frame.lines);
    if (frame.count !== count) {
      this.onEvent({
        kind: 'protocol',
        text: `follow reader: ${frame.path} frame of ${count} bytes arrived as ${frame.count}`,
      });
    }
  }

  private data(bytes: Buffer): void {
    const frame = this.frame!;
    if (bytes.length === 0) return;
    frame.count += bytes.length;
    let start = 0;
    for (let nl = bytes.indexOf(0x0a); nl !== -1; nl = bytes.indexOf(0x0a, start)) {
      this.line(frame, bytes.subarray(start, nl));
      start = nl + 1;
    }
    if (start < bytes.length) this.hold(frame, bytes.subarray(start));
  }

  // A complete line: whatever was held for the stream comes first.
  private line(frame: Frame, bytes: Buffer): void {
    const held = this.partials.get(frame.key);
    if (held) this.partials.delete(frame.key);
    const whole = held ? Buffer.concat([held.bytes, bytes]) : bytes;
    frame.lines.push(this.rawLine(frame.source, held?.path ?? frame.path, whole));
  }

  private hold(frame: Frame, bytes: Buffer): void {
    const held = this.partials.get(frame.key);
    if (!held) {
      this.partials.set(frame.key, {
        source: frame.source,
        path: frame.path,
        bytes: Buffer.from(bytes),
        since: this.now(),
      });
      return;
    }
    const whole = Buffer.concat([held.bytes, bytes]);
    if (whole.length < MAX_LINE_BYTES) this.partials.set(frame.key, { ...held, bytes: whole });
    else {
      this.partials.delete(frame.key);
      frame.lines.push(this.rawLine(held.source, held.path, whole));
    }
  }

  private flushKey(key: string): void {
    const held = this.partials.get(key);
    if (!held) return;
    this.partials.delete(key);
    this.emit(held.source, held.path, held.bytes);
  }

  private emit(source: LogSource, path: string, bytes: Buffer): void {
    this.out.push(this.rawLine(source, path, bytes));
  }

  private rawLine(source: LogSource, path: string, bytes: Buffer): RawLine {
    return { source, path, text: bytes.toString('utf8'), fileMtimeMs: this.now() };
  }
}
