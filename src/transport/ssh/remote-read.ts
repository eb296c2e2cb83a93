// readFile for hosts reached by a command line: one POSIX sh script, tools RHEL5 also has
// (test, wc -c, date -r, head -c, tail -c, cat), one round trip.
import { EnvironmentError } from '../../core/errors.js';
import type { ExecResult, FileContent } from '../types.js';

const MISSING = 'oxdoctor-missing';
const HEADER = 'oxdoctor-file';

// $1 path, $2 max bytes, $3 "tail" or "head"; prints a header line, then the bytes.
export const READ_SCRIPT = [
  'f=$1; n=$2',
  `[ -e "$f" ] || { echo ${MISSING}; exit 0; }`,
  '[ -f "$f" ] || { echo "not a regular file" >&2; exit 2; }',
  'size=$(wc -c < "$f") || exit 2',
  'mtime=$(date -r "$f" +%s 2>/dev/null)',
  `echo ${HEADER} $size $mtime`,
  'if [ "$size" -le "$n" ]; then exec cat "$f"; fi',
  'if [ "$3" = tail ]; then exec tail -c "$n" "$f"; fi',
  'exec head -c "$n" "$f"',
].join('; ');

export function readArgv(path: string, maxBytes: number, tail: boolean): string[] {
  return ['sh', '-c', READ_SCRIPT, 'sh', path, String(maxBytes), tail ? 'tail' : 'head'];
}

// The script's output (stdout kept as bytes) turned into a FileContent, or null when missing.
export function parseReadOutput(
  host: string,
  path: string,
  result: ExecResult,
  stdout: Buffer,
  maxBytes: number,
  tail: boolean,
): FileContent | null {
  const nl = stdout.indexOf(0x0a);
  const header = (nl === -1 ? stdout : stdout.subarray(0, nl)).toString('latin1').trim();
  if (header === MISSING) return null;
  const m = new RegExp(`^${HEADER}\\s+(\\d+)(?:\\s+(\\d+))?$`).exec(header);
  if (result.code !== 0 || !m || nl === -1) {
    const why = result.timedOut ? 'timed out' : result.stderr.trim() || `exit ${result.code}`;
    throw new EnvironmentError(`cannot read ${path} on ${host}: ${why}`);
  }
  let data = stdout.subarray(nl + 1);
  // The file may have grown between `wc -c` and the read.
  if (data.length > maxBytes) data = tail ? data.subarray(data.length - maxBytes) : data.subarray(0, maxBytes);
  const size = Number(m[1]);
  return {
    path,
    data,
    size,
    truncated: data.length < size || result.truncated,
    mtimeMs: m[2] !== undefined ? Number(m[2]) * 1000 : 0,
  };
}
