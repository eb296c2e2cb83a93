// The lines of all hosts as one stream in time order: each host's clock offset taken off its times, then a
// bounded reorder window (a line leaves when it is older than now - windowMs, so lines of a host that reads a
// little late still sort in). Equal times keep their arrival order. Held lines are capped: over maxHeld, the
// oldest leave the window early (the next drain hands them out first), so memory stays bounded whatever the
// input rate as long as the caller drains (it does, every frame).
import type { LogLine } from './types.js';

export const DEFAULT_MAX_HELD = 50_000;

interface Held {
  readonly at: number; // the sort time: the corrected time, or the last one of its host+source
  readonly seq: number;
  readonly line: LogLine;
}

export interface MergerOptions {
  readonly windowMs: number;
  readonly offsets?: ReadonlyMap<string, number>; // host -> host clock minus ours, in ms
  readonly maxHeld?: number;
}

export class LogMerger {
  private readonly windowMs: number;
  private readonly maxHeld: number;
  private readonly offsets = new Map<string, number>();
  private readonly lastTime = new Map<string, number>(); // host\0source -> the last corrected time
  private readonly heap: Held[] = [];
  private early: LogLine[] = []; // lines pushed out by the cap, handed out by the next drain
  private seq = 0;
  private highWater = -Infinity; // the latest time seen: untimed lines with no earlier line of theirs go there

  constructor(options: MergerOptions) {
    this.windowMs = options.windowMs;
    this.maxHeld = options.maxHeld ?? DEFAULT_MAX_HELD;
    for (const [host, offset] of options.offsets ?? []) this.offsets.set(host, offset);
  }

  // Lines held in the window (at most maxHeld); lines pushed out early wait for the next drain apart.
  get size(): number {
    return this.heap.length;
  }

  setOffset(host: string, offsetMs: number): void {
    this.offsets.set(host, offsetMs);
  }

  push(lines: readonly LogLine[]): void {
    for (const line of lines) {
      const corrected = this.correct(line);
      const at = corrected.time ?? -Infinity;
      this.insert({ at, seq: this.seq++, line: corrected });
      if (corrected.time !== undefined) this.highWater = Math.max(this.highWater, corrected.time);
    }
    while (this.heap.length > this.maxHeld) this.early.push(this.pop().line);
  }

  // Every line older than nowMs - windowMs, in time order.
  drain(nowMs: number): LogLine[] {
    const out = this.early;
    this.early = [];
    const limit = nowMs - this.windowMs;
    while (this.heap.length > 0 && this.heap[0]!.at < limit) out.push(this.pop().line);
    return out;
  }

  flushAll(): LogLine[] {
    const out = this.early;
    this.early = [];
    while (this.heap.length > 0) out.push(this.pop().line);
    return out;
  }

  private correct(line: LogLine): LogLine {
    const offset = this.offsets.get(line.host);
    const key = `${line.host}\0${line.source}`;
    let time = line.time;
    if (time === undefined) time = this.lastTime.get(key) ?? (this.highWater > -Infinity ? this.highWater : undefined);
    else {
      time -= offset ?? 0;
      this.lastTime.set(key, time);
    }
    if (offset === undefined && time === line.time) return line;
    return {
      ...line,
      ...(time === undefined ? {} : { time }),
      ...(offset === undefined ? {} : { clockOffsetMs: offset }),
    };
  }

  private insert(item: Held): void {
    const heap = this.heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = item;
  }

  private pop(): Held {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && before(heap[right]!, heap[left]!) ? right : left;
      if (!before(heap[child]!, last)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

function before(a: Held, b: Held): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
