// Past log lines filtered on the host: per file `grep -F` (after `gzip -dc` for .gz) with the literals, so only
// candidate lines cross SSH; oxdoctor then matches exactly. Files are read in the order given (listFiles gives
// each source's oldest first). One command per batch of files, its output read as
// a stream (the channel's flow control holds the host back while the consumer is slow) and yielded in chunks,
// so memory stays bounded whatever the file size.
import { randomBytes } from 'node:crypto';
import type { Transport } from '../core/transport.js';
import { SearchFramer } from './search-frame.js';
import type { LogFile, RawLine } from './types.js';

export interface SearchOptions {
  readonly fixed?: readonly string[]; // any of these literals (grep -F on the host); none: every line
  readonly signal?: AbortSignal;
  // A file grep or gzip could not read (rotated away since listing, unreadable, corrupt); without it they throw
  // together once every file was searched.
  readonly onError?: (error: Error, file?: LogFile) => void;
}

// Arguments: the nonce, then per file "g" (gzip) or "p" (plain) and its path. The literals come on stdin, one
// a line (never argv: no ARG_MAX, nothing for `ps`), read once and handed to each grep as -f /dev/fd/3.
// grep -a: a log with a NUL (a crash, a copytruncate race) is still text.
export const SEARCH_SCRIPT = `LC_ALL=C; export LC_ALL
n=$1; shift
pats=$(cat)
i=0
while [ $# -gt 1 ]; do
  z=$1; f=$2; shift 2
  printf '%s %s\\n' "$n" "$i"
  if [ "$z" = g ]; then
    printf '%s\\n' "$pats" | (exec 3<&0 </dev/null; gzip -dc -- "$f" | grep -a -F -f /dev/fd/3)
  else
    printf '%s\\n' "$pats" | (exec 3<&0 </dev/null; grep -a -F -f /dev/fd/3 -- "$f")
  fi
  printf '%s %s end %s\\n' "$n" "$i" "$?"
  i=$((i + 1))
done`;

const MAX_ARGV_BYTES = 64 * 1024; // RHEL5's 2.6.18 kernel allows 128 KiB of argv and environment

export async function* searchFiles(
  transport: Transport,
  files: readonly LogFile[],
  options: SearchOptions = {},
): AsyncIterable<RawLine[]> {
  const literals = options.fixed?.filter((l) => !l.includes('\n')); // a newline is never inside one line
  if (literals !== undefined && literals.length === 0 && (options.fixed?.length ?? 0) > 0) return;
  const patterns = literals === undefined || literals.length === 0 ? '' : literals.join('\n');
  const errors: Error[] = [];
  const report = (error: Error, file?: LogFile): void => {
    if (options.onError) options.onError(error, file);
    else errors.push(error);
  };
  for (const batch of batches(files)) {
    options.signal?.throwIfAborted();
    yield* searchBatch(transport, batch, patterns, options.signal, report);
  }
  if (errors.length > 0) throw new Error(errors.map((e) => e.message).join('; '));
}

function batches(files: readonly LogFile[]): LogFile[][] {
  const out: LogFile[][] = [];
  let current: LogFile[] = [];
  let bytes = 0;
  for (const file of files) {
    const size = Buffer.byteLength(file.path) + 4;
    if (current.length > 0 && bytes + size > MAX_ARGV_BYTES) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

async function* searchBatch(
  transport: Transport,
  files: readonly LogFile[],
  patterns: string,
  signal: AbortSignal | undefined,
  report: (error: Error, file?: LogFile) => void,
): AsyncGenerator<RawLine[]> {
  const nonce = randomBytes(16).toString('hex');
  const args = files.flatMap((f) => [f.gzip ? 'g' : 'p', f.path]);
  // Ours, so a consumer that stops early (break) ends the command on the host too.
  const stop = new AbortController();
  const both = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  const stream = await transport.execStream(['sh', '-c', SEARCH_SCRIPT, 'sh', nonce, ...args], {
    stdin: patterns,
    signal: both,
    maxOutputBytes: 64 * 1024, // stderr: grep's and gzip's complaints
  });
  const framer = new SearchFramer(nonce, files);
  let completed = false;
  try {
    for await (const chunk of stream.stdout) {
      const lines = framer.push(chunk as Buffer);
      if (lines.length > 0) yield lines;
    }
    const last = framer.end();
    if (last.length > 0) yield last;
    completed = true;
  } finally {
    if (!completed) stop.abort();
  }
  const result = await stream.done;
  signal?.throwIfAborted(); // the caller's abort: what was read is not the whole answer
  const complaints = result.stderr.split('\n').filter((l) => l.trim() !== '');
  for (const line of complaints) {
    report(
      new Error(`${transport.host}: ${line}`),
      files.find((f) => line.includes(f.path)),
    );
  }
  for (const failure of framer.failures()) {
    if (!complaints.some((l) => l.includes(failure.file.path))) report(failure.error, failure.file);
  }
  if (!framer.finished()) report(new Error(`${transport.host}: the search ended before its last file`));
}
