// What every protocol probe takes and returns, so checks can treat them alike.
import type { Duplex } from 'node:stream';

export interface ProbeOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number; // whole probe, connect included; default 10 s
}

// Why a probe failed, in the words an on-call engineer uses.
export type ProbeFailure =
  | 'refused' // nothing listens there
  | 'unreachable' // no route, no such host
  | 'timeout' // connected (or tried) but nothing came back in time
  | 'closed' // the peer hung up mid-dialogue
  | 'bad-greeting' // something answered, but not the expected service
  | 'protocol-error' // the service answered a command wrongly
  | 'rejected' // the service refused us (e.g. MySQL "Host ... is not allowed")
  | 'untrusted' // its TLS certificate is not one a password may be sent to (config tls.requireTrusted)
  | 'auth'; // credentials were refused

export interface ProbeSuccess<T> {
  readonly ok: true;
  readonly value: T;
  readonly transcript: readonly string[];
  readonly durationMs: number;
}

export interface ProbeFailed {
  readonly ok: false;
  readonly failure: ProbeFailure;
  readonly message: string;
  readonly transcript: readonly string[];
  readonly durationMs: number;
}

export type ProbeResult<T> = ProbeSuccess<T> | ProbeFailed;

// Opens the stream to probe; a probe calls it once per connection it needs.
export type Opener = (signal: AbortSignal) => Promise<Duplex>;

export class ProbeError extends Error {
  override readonly name = 'ProbeError';
  constructor(
    readonly failure: ProbeFailure,
    message: string,
  ) {
    super(message);
  }
}
