// Pulls lines or exact byte counts off a Duplex, giving up on close, error or abort.
import type { Duplex } from 'node:stream';
import { ProbeError } from './types.js';
import { classifyError } from './classify.js';

const MAX_LINE_BYTES = 64 * 1024;

type Listener = (...args: unknown[]) => void;

export class StreamReader {
  private buffer = Buffer.alloc(0);
  private ended = false;
  private failure: unknown = null;
  private wake: (() => void) | null = null;

  private readonly listeners: { event: string; fn: Listener }[];

  constructor(
    private readonly stream: Duplex,
    private readonly signal: AbortSignal,
  ) {
    this.listeners = [
      {
        event: 'data',
        fn: ((chunk: Buffer | string) => {
          this.buffer = Buffer.concat([this.buffer, typeof chunk === 'string' ? Buffer.from(chunk) : chunk]);
          this.notify();
        }) as Listener,
      },
      { event: 'end', fn: () => this.finish() },
      { event: 'close', fn: () => this.finish() },
      {
        event: 'error',
        fn: (err: unknown) => {
          this.failure ??= err;
          this.finish();
        },
      },
    ];
    for (const l of this.listeners) stream.on(l.event, l.fn);
    signal.addEventListener('abort', () => this.notify(), { once: true });
  }

  // Stops reading the stream (STARTTLS hands it to a TLS socket, to be called in the same tick);
  // returns what arrived but was not consumed.
  detach(): Buffer {
    for (const l of this.listeners) this.stream.off(l.event, l.fn);
    const rest = this.buffer;
    this.buffer = Buffer.alloc(0);
    this.finish();
    return rest;
  }

  // One line without its terminator (and without a CR before a LF).
  async line(terminator: '\n' | '\0' = '\n', waitingFor = 'a line'): Promise<string> {
    const code = terminator.charCodeAt(0);
    for (;;) {
      const at = this.buffer.indexOf(code);
      if (at !== -1) {
        let end = at;
        if (terminator === '\n' && end > 0 && this.buffer[end - 1] === 0x0d) end--;
        const text = this.buffer.subarray(0, end).toString('latin1');
        this.buffer = this.buffer.subarray(at + 1);
        return text;
      }
      if (this.buffer.length > MAX_LINE_BYTES) {
        throw new ProbeError(
          'protocol-error',
          `line longer than ${MAX_LINE_BYTES} bytes while waiting for ${waitingFor}`,
        );
      }
      await this.more(waitingFor);
    }
  }

  async bytes(count: number, waitingFor = `${count} bytes`): Promise<Buffer> {
    while (this.buffer.length < count) await this.more(waitingFor);
    const out = this.buffer.subarray(0, count);
    this.buffer = this.buffer.subarray(count);
    return out;
  }

  // What arrived but was not consumed; for error messages about unexpected data.
  get pending(): Buffer {
    return this.buffer;
  }

  private more(waitingFor: string): Promise<void> {
    if (this.signal.aborted)
      return Promise.reject(new ProbeError('timeout', `no answer while waiting for ${waitingFor}`));
    if (this.failure) return Promise.reject(classifyError(this.failure));
    if (this.ended) {
      const got = this.buffer.length > 0 ? ` after ${this.buffer.length} bytes of an incomplete answer` : '';
      return Promise.reject(
        new ProbeError('closed', `connection closed by the server while waiting for ${waitingFor}${got}`),
      );
    }
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  private finish(): void {
    this.ended = true;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
