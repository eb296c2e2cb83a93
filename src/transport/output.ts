// Collects one output stream up to a byte limit; past it, bytes are dropped and the stream keeps draining.

export const DEFAULT_MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

export class OutputBuffer {
  private readonly chunks: Buffer[] = [];
  private bytes = 0;
  truncated = false;

  constructor(private readonly limit: number = DEFAULT_MAX_OUTPUT_BYTES) {}

  push(chunk: Buffer | string): void {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const room = this.limit - this.bytes;
    if (room <= 0) {
      if (buf.length > 0) this.truncated = true;
      return;
    }
    const kept = buf.length > room ? buf.subarray(0, room) : buf;
    if (kept.length < buf.length) this.truncated = true;
    this.chunks.push(kept);
    this.bytes += kept.length;
  }

  buffer(): Buffer {
    return Buffer.concat(this.chunks);
  }

  text(): string {
    return this.buffer().toString('utf8');
  }
}
