// The one caller every probe goes through: deadline, connection lifetime, transcript, classification.
import type { Duplex } from 'node:stream';
import { StreamReader } from './stream-reader.js';
import { Transcript } from './transcript.js';
import { classifyError } from './classify.js';
import { ProbeError, type Opener, type ProbeOptions, type ProbeResult } from './types.js';

export const DEFAULT_PROBE_TIMEOUT_MS = 10_000;

export interface Connection {
  readonly reader: StreamReader;
  readonly stream: Duplex;
  // Writes raw bytes; `shown` is what the transcript records (masked when secret).
  write(data: string | Buffer, shown?: string): Promise<void>;
}

export interface Session {
  readonly transcript: Transcript;
  readonly signal: AbortSignal;
  connect(): Promise<Connection>;
  // The bare stream, for libraries that parse it themselves (node:http); closed with the session.
  openRaw(): Promise<Duplex>;
  // STARTTLS: hands the connection's stream to `wrap` (a TLS handshake) and returns a connection over the result.
  upgrade(conn: Connection, wrap: (raw: Duplex, signal: AbortSignal) => Promise<Duplex>): Promise<Connection>;
}

export async function runProbe<T>(
  open: Opener,
  talk: (session: Session) => Promise<T>,
  options: ProbeOptions = {},
): Promise<ProbeResult<T>> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const timer = new AbortController();
  const handle = setTimeout(() => timer.abort(), timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timer.signal]) : timer.signal;
  const transcript = new Transcript();
  const streams: Duplex[] = [];
  const session: Session = {
    transcript,
    signal,
    connect: async () => {
      const stream = await openWithin(open, signal);
      streams.push(stream);
      return connection(stream, signal, transcript);
    },
    openRaw: async () => {
      const stream = await openWithin(open, signal);
      streams.push(stream);
      stream.on('error', () => {});
      return stream;
    },
    upgrade: async (conn, wrap) => {
      // Bytes the server sent before the handshake would be read as if protected (STARTTLS injection).
      const early = conn.reader.detach();
      if (early.length > 0)
        throw new ProbeError(
          'protocol-error',
          `the server sent ${early.length} bytes after accepting STARTTLS, before the TLS handshake`,
        );
      const wrapped = await wrap(conn.stream, signal);
      streams.push(wrapped);
      return connection(wrapped, signal, transcript);
    },
  };
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const value = await talk(session);
    return { ok: true, value, transcript: transcript.all, durationMs: elapsed() };
  } catch (err) {
    // Refused input (e.g. CR/LF in an argument) is the caller's bug or bad config, not a probe result.
    if (err instanceof TypeError) throw err;
    const error = classifyError(err);
    // Past the deadline whatever broke (a channel torn down by the abort, say) broke because time ran out.
    if (signal.aborted) {
      const message = `${error.message} (gave up after ${elapsed()} ms${options.signal?.aborted ? ', check deadline reached' : ''})`;
      return { ok: false, failure: 'timeout', message, transcript: transcript.all, durationMs: elapsed() };
    }
    return {
      ok: false,
      failure: error.failure,
      message: error.message,
      transcript: transcript.all,
      durationMs: elapsed(),
    };
  } finally {
    clearTimeout(handle);
    for (const s of streams) s.destroy();
  }
}

// Rejects as soon as the signal aborts, even if the opener ignores it; a late stream is closed.
function openWithin(open: Opener, signal: AbortSignal): Promise<Duplex> {
  if (signal.aborted) return Promise.reject(new ProbeError('timeout', 'no connection before the deadline'));
  return new Promise((resolve, reject) => {
    let settled = false;
    const onAbort = () => {
      if (settled) return;
      settled = true;
      reject(new ProbeError('timeout', 'connection not established in time'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    open(signal).then(
      (stream) => {
        signal.removeEventListener('abort', onAbort);
        if (settled) stream.destroy();
        else {
          settled = true;
          resolve(stream);
        }
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        if (settled) return;
        settled = true;
        reject(classifyError(err));
      },
    );
  });
}

function connection(stream: Duplex, signal: AbortSignal, transcript: Transcript): Connection {
  // Errors after the dialogue (e.g. a reset during close) must not crash the process.
  stream.on('error', () => {});
  const reader = new StreamReader(stream, signal);
  return {
    reader,
    stream,
    write: (data, shown) => {
      if (shown !== undefined) transcript.client(shown);
      return new Promise((resolve, reject) => {
        if (stream.destroyed || !stream.writable) {
          reject(new ProbeError('closed', 'connection closed by the server before we could send'));
          return;
        }
        stream.write(data, (err) => (err ? reject(classifyError(err)) : resolve()));
      });
    },
  };
}
