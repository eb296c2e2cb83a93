// The files of each log source on a host (the live one and its rotations) with size and mtime, in one command.
// `stat -c '%s %Y'` is GNU coreutils (RHEL5's 5.97 has it, Debian too; BusyBox's stat takes -c as well); where it
// fails, `wc -c` and GNU `date -r FILE +%s` answer instead. Paths reach the script as arguments and are globbed
// with the base quoted, so no character of a path is ever read by the shell as syntax.
import type { Transport } from '../core/transport.js';
import { rotationBase, rotationOf } from './rotation.js';
import type { LogFile, LogSource } from './types.js';

// Per base: the live name and what logrotate/java logging make of it; names with a newline are skipped.
export const LIST_SCRIPT = `nl='
'
for b in "$@"; do
  for f in "$b" "$b".[0-9]* "$b"-[0-9]*; do
    case $f in *"$nl"*) continue ;; esac
    [ -f "$f" ] || continue
    sm=$(stat -c '%s %Y' -- "$f" 2>/dev/null) || sm="$(wc -c <"$f") $(date -r "$f" +%s)"
    printf '%s %s\\n' "$sm" "$f"
  done
done`;

export async function listFiles(
  transport: Transport,
  sources: readonly LogSource[],
  signal?: AbortSignal,
): Promise<LogFile[]> {
  if (sources.length === 0) return [];
  const bases = [...new Set(sources.map(rotationBase))];
  const r = await transport.exec(['sh', '-c', LIST_SCRIPT, 'sh', ...bases], {
    maxOutputBytes: 1024 * 1024,
    timeoutMs: 30_000,
    ...(signal ? { signal } : {}),
  });
  if (r.code !== 0 && r.stdout === '') {
    const why = r.timedOut ? 'timed out' : r.cancelled ? 'cancelled' : r.stderr.trim() || `exit ${r.code}`;
    throw new Error(`${transport.host}: listing the log files failed: ${why}`);
  }
  return filesOfListing(r.stdout, sources);
}

// "SIZE MTIME PATH" lines -> each source's files, oldest first (highest rotation first, the live file last).
export function filesOfListing(stdout: string, sources: readonly LogSource[]): LogFile[] {
  const seen = new Map<string, { size: number; mtimeMs: number }>();
  for (const line of stdout.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+) (.+)$/.exec(line);
    if (m) seen.set(m[3] ?? '', { size: Number(m[1]), mtimeMs: Number(m[2]) * 1000 });
  }
  const files: LogFile[] = [];
  for (const source of sources) {
    const own: { file: LogFile; age: number }[] = [];
    for (const [path, stat] of seen) {
      const rotation = rotationOf(source, path);
      if (!rotation) continue;
      own.push({ file: { source, path, ...stat, gzip: rotation.gzip, rotated: rotation.rotated }, age: rotation.age });
    }
    own.sort((a, b) => b.age - a.age || a.file.mtimeMs - b.file.mtimeMs);
    files.push(...own.map((o) => o.file));
  }
  return files;
}
