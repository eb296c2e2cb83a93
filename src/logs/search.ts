// Past log lines filtered on the host: per file `grep -F` (after `gzip -dc` for .gz) with the literals, so only
// candidate lines cross SSH; oxdoctor then matches exactly. Files are read in the order given (listFiles gives
// each source's oldest first). One command per batch of files, its output read as
// a stream (the channel's flow control holds the host back while the consumer is slow) and yielded in chunks,
// so memory stays bounded whatever the file size.
import { randomBytes } from 'node:crypto';
import type { Transport } from '../core/transport.js';
import { grepAnchor } from './search-anchor.js';
import { type FoundLine, MAX_LINE_BYTES, SearchFramer } from './search-frame.js';
import type { LogFile } from './types.js';

export type { FoundLine } from './search-frame.js';

export interface SearchOptions {
  readonly fixed?: readonly string[]; // any of these literals (grep -F on the host); none: every line
  readonly signal?: AbortSignal;
  // A file grep or gzip could not read (rotated away since listing, unreadable, corrupt); without it they throw
  // together once every file was searched.
  readonly onError?: (error: Error, file?: LogFile) => void;
  // Each line's byte offset in its file (grep -b), as FoundLine.offset.
  readonly offsets?: boolean;
  // path -> the byte offset (a line's start, as offsets gives) to read the file from: what comes before is not
  // read. A file now shorter than that (rotated since) is read from its start.
  readonly startAt?: ReadonlyMap<string, number>;
}

// Arguments: the nonce, then per file its mode and path. The mode: "g" (gzip) or "p" (plain), then "b" to print
// each line's byte offset (grep -b), then the byte offset to start at (none: 0). A file started past 0 says where
// in its frame ("NONCE I START"): dd's skip seeks the shared descriptor so grep reads on from there (RHEL5's
// coreutils too), a compressed one goes through tail -c. The literals come on stdin, one a line (never argv: no
// ARG_MAX, nothing for `ps`), read once and handed to each grep as -f /dev/fd/3.
// grep -a: a log with a NUL (a crash, a copytruncate race) is still text.
export const SEARCH_SCRIPT = `LC_ALL=C; export LC_ALL
n=$1; shift
pats=$(cat)
g() { grep -a $b -F -f /dev/fd/3 "$@"; }
i=0
while [ $# -gt 1 ]; do
  z=$1; f=$2; shift 2
  s=\${z#?}; z=\${z%"$s"}; b=-a
  case $s in b*) b=-b; s=\${s#b} ;; esac
  s=\${s:-0}
  if [ "$s" -gt 0 ] && [ "$z" = p ]; then
    sz=$(wc -c 2>/dev/null < "$f"); [ "\${sz:-0}" -ge "$s" ] || s=0
  fi
  if [ "$s" -gt 0 ]; then printf '%s %s %s\\n' "$n" "$i" "$s"; else printf '%s %s\\n' "$n" "$i"; fi
  printf '%s\\n' "$pats" | (exec 3<&0 </dev/null
    if [ "$z" != g ]; then
      if [ "$s" -gt 0 ]; then { dd bs=1 skip="$s" count=0 2>/dev/null; g; } < "$f"; else g -- "$f"; fi
    elif [ "$s" -gt 0 ]; then gzip -dc -- "$f" | tail -c +$((s + 1)) | g
    else gzip -dc -- "$f" | g; fi)
  printf '%s %s end %s\\n' "$n" "$i" "$?"
  i=$((i + 1))
done`;

const MAX_ARGV_BYTES = 64 * 1024; // RHEL5's 2.6.18 kernel allows 128 KiB of argv and environment

export async function* searchFiles(
  transport: Transport,
  files: readonly LogFile[],
  options: SearchOptions = {},
): AsyncIterable<FoundLine[]> {
  const literals = options.fixed?.filter((l) => !l.includes('\n')); // a newline is never inside one line
  if (literals !== undefined && literals.length === 0 && (options.fixed?.length ?? 0) > 0) return;
  const patterns = literals === undefined || literals.length === 0 ? '' : literals.join('\n');
  // One literal: grep may be given a faster part of it (search-anchor.ts), the lines then matched whole here.
  const single = literals?.length === 1 ? literals[0]! : undefined;
  const anchor = single === undefined ? undefined : grepAnchor(single);
  const cut = anchor !== undefined && anchor !== single;
  const errors: Error[] = [];
  const report = (error: Error, file?: LogFile): void => {
    if (options.onError) options.onError(error, file);
    else errors.push(error);
  };
  for (const batch of batches(files)) {
    options.signal?.throwIfAborted();
    for await (const lines of searchBatch(transport, batch, cut ? anchor : patterns, options, report)) {
      const kept = cut ? lines.filter((l) => matchesWhole(l.text, single!)) : lines;
      if (kept.length > 0) yield kept;
    }
  }
  if (errors.length > 0) throw new Error(errors.map((e) => e.message).join('; '));
}

// A line cut at MAX_LINE_BYTES may hold the literal past the cut: kept, as grep found it.
const matchesWhole = (text: string, literal: string): boolean =>
  text.includes(literal) || Buffer.byteLength(text) >= MAX_LINE_BYTES;

function batches(files: readonly LogFile[]): LogFile[][] {
  const out: LogFile[][] = [];
  let current: LogFile[] = [];
  let bytes = 0;
  for (const file of files) {
    const size = Buffer.byteLength(file.path) + 24; // the path, its mode and start, the NULs
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
  options: SearchOptions,
  report: (error: Error, file?: LogFile) => void,
): AsyncGenerator<FoundLine[]> {
  const { signal } = options;
  const nonce = randomBytes(16).toString('hex');
  const args = files.flatMap((f) => [modeOf(f, options), f.path]);
  // Ours, so a consumer that stops early (break) ends the command on the host too.
  const stop = new AbortController();
  const both = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  const stream = await transport.execStream(['sh', '-c', SEARCH_SCRIPT, 'sh', nonce, ...args], {
    stdin: patterns,
    signal: both,
    maxOutputBytes: 64 * 1024, // stderr: grep's and gzip's complaints
  });
  const framer = new SearchFramer(nonce, files, options.offsets === true);
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

// The script's mode of a file: g or p, b for offsets, the start when past 0.
function modeOf(file: LogFile, options: SearchOptions): string {
  const start = options.startAt?.get(file.path) ?? 0;
  return `${file.gzip ? 'g' : 'p'}${options.offsets ? 'b' : ''}${start > 0 ? Math.floor(start) : ''}`;
}
