// Several config files of a host in one command: each glob pattern expanded by the host's shell, every
// regular file printed after a marker line with its modification time. For directories of small files
// (/etc/cron.d/*, /etc/httpd/conf.d/*.conf) where reading file by file would cost one command each.
import type { FactContext } from './context.js';
import { maskAndRegister } from './mask-secrets.js';

export interface DumpedFile {
  readonly path: string;
  readonly text: string;
  readonly mtimeMs?: number; // epoch ms, when `date -r` could tell
}

const MARKER = '@@oxdoctor-file';

// Patterns are oxdoctor's own constants; IFS is a newline so paths with spaces stay whole.
const SCRIPT = `IFS='
'
for p in "$@"; do
  for f in $p; do
    [ -f "$f" ] || continue
    printf '${MARKER} %s %s\\n' "$(date -r "$f" +%s 2>/dev/null || echo -)" "$f"
    cat -- "$f"
    echo
  done
done`;

export async function dumpFiles(ctx: FactContext, patterns: readonly string[], label: string): Promise<DumpedFile[]> {
  const r = await ctx.exec(['sh', '-c', SCRIPT, 'sh', ...patterns], { maxOutputBytes: 8 * 1024 * 1024 });
  const files = parseDump(r.stdout);
  ctx.record(
    `${label}: ${files.length} files`,
    files.map((f) => `--- ${f.path}\n${maskAndRegister(f.path, f.text)}`).join('\n') || '(none found)',
  );
  return files;
}

export function parseDump(stdout: string): DumpedFile[] {
  const files: DumpedFile[] = [];
  let current: { path: string; mtimeMs?: number; lines: string[] } | undefined;
  const flush = () => {
    if (!current) return;
    const lines = current.lines;
    if (lines[lines.length - 1] === '') lines.pop(); // the echo after cat
    files.push({
      path: current.path,
      text: lines.join('\n'),
      ...(current.mtimeMs !== undefined ? { mtimeMs: current.mtimeMs } : {}),
    });
  };
  for (const line of stdout.replace(/\n$/, '').split('\n')) {
    const m = line.startsWith(`${MARKER} `) ? /^\S+ (\S+) (.+)$/.exec(line) : null;
    if (m?.[2]) {
      flush();
      current = { path: m[2], lines: [], ...(/^\d+$/.test(m[1] ?? '') ? { mtimeMs: Number(m[1]) * 1000 } : {}) };
    } else if (current) {
      current.lines.push(line);
    }
  }
  flush();
  return files;
}
