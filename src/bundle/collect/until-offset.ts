// A log bigger than its cap, with --until: where the lines after --until begin, found by bisection on the host
// (64 KiB read per step, about 15 steps for 1 GiB), so the cap keeps the window's newest lines rather than the
// file's newest (which, --until being in the past, lie all after it). A gzip'd file is unpacked up to the
// probe at each step (no seeking in a gzip stream): about 8 unpackings of the file in all.
import type { Transport } from '../../core/transport.js';

export const PROBE_BYTES = 64 * 1024;
// Arguments: the path, a byte offset, g for a gzip'd file. What the file holds from there on, at most PROBE_BYTES.
export const PROBE_SCRIPT = `if [ "$3" = g ]; then gzip -dc -- "$1" | tail -c +$(($2 + 1)) | head -c ${PROBE_BYTES}
else tail -c +$(($2 + 1)) -- "$1" | head -c ${PROBE_BYTES}; fi`;
// Argument: the path of a gzip'd file. Its unpacked size (gzip -l is wrong past 4 GiB).
export const UNPACKED_SIZE_SCRIPT = 'gzip -dc -- "$1" | wc -c';

export async function unpackedSize(transport: Transport, path: string, signal?: AbortSignal): Promise<number> {
  const r = await transport.exec(['sh', '-c', UNPACKED_SIZE_SCRIPT, 'sh', path], {
    timeoutMs: 60_000,
    maxOutputBytes: 1024,
    ...(signal ? { signal } : {}),
  });
  const size = Number(r.stdout.trim());
  // the pipe's exit is wc's: gzip's complaint shows on stderr only
  if (r.code !== 0 || r.timedOut || r.stderr.trim() !== '' || !Number.isFinite(size) || r.stdout.trim() === '')
    throw new Error(`unpacking ${path} failed: ${r.stderr.trim() || 'no size'}`);
  return size;
}

// A byte offset at or at most PROBE_BYTES past the start of the first line after `until` (the file's size
// when there is none); lines past it that slip in are cut by the window filter.
export async function untilOffset(
  transport: Transport,
  path: string,
  size: number,
  until: number,
  timeOf: (line: string) => number | undefined,
  signal?: AbortSignal,
  gzip = false,
): Promise<number> {
  let lo = 0;
  let hi = size;
  while (hi - lo > PROBE_BYTES) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const r = await transport.exec(['sh', '-c', PROBE_SCRIPT, 'sh', path, String(mid), gzip ? 'g' : 'p'], {
      timeoutMs: gzip ? 60_000 : 15_000,
      maxOutputBytes: PROBE_BYTES,
      ...(signal ? { signal } : {}),
    });
    if (r.code !== 0 || r.timedOut) throw new Error(`reading ${path} at byte ${mid} failed: ${r.stderr.trim()}`);
    const t = firstTime(r.stdout, mid > 0, timeOf);
    // no stamp in 64 KiB (a stack trace): taken as before --until, so nothing of the window is left out
    if (t !== undefined && t > until) hi = mid;
    else lo = mid;
  }
  return hi;
}

// The time of the first whole line with a stamp; partial: the text starts inside a line.
export function firstTime(
  text: string,
  partial: boolean,
  timeOf: (line: string) => number | undefined,
): number | undefined {
  let pos = partial ? text.indexOf('\n') + 1 : 0;
  if (partial && pos === 0) return undefined;
  for (let nl = text.indexOf('\n', pos); nl !== -1; pos = nl + 1, nl = text.indexOf('\n', pos)) {
    const t = timeOf(text.slice(pos, nl));
    if (t !== undefined) return t;
  }
  return undefined;
}
