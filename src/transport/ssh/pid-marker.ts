// Takes the prologue's "oxdoctor-pid N" line out of a command's stderr and remembers N.
import { PID_MARKER } from './env-prologue.js';

// Login scripts may print before the prologue runs; look this far for the marker.
const SEARCH_LIMIT = 8192;

export class PidMarker {
  pid: number | null = null;
  private pending: Buffer | null = Buffer.alloc(0);

  constructor(private readonly forward: (chunk: Buffer) => void) {}

  push(chunk: Buffer): void {
    if (this.pending === null) return this.forward(chunk);
    const buf = Buffer.concat([this.pending, chunk]);
    const at = buf.indexOf(PID_MARKER);
    const nl = at === -1 ? -1 : buf.indexOf(0x0a, at);
    if (at !== -1 && nl !== -1) {
      this.pid = Number(buf.subarray(at + PID_MARKER.length, nl).toString('latin1')) || null;
      this.pending = null;
      const rest = Buffer.concat([buf.subarray(0, at), buf.subarray(nl + 1)]);
      if (rest.length > 0) this.forward(rest);
    } else if (buf.length > SEARCH_LIMIT) {
      this.pending = null;
      this.forward(buf);
    } else this.pending = buf;
  }

  // At the end of the stream: whatever was held back is ordinary stderr.
  flush(): void {
    if (this.pending && this.pending.length > 0) this.forward(this.pending);
    this.pending = null;
  }
}
