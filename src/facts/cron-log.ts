// When cron last started each command, from its syslog lines (RHEL /var/log/cron, Debian /var/log/cron.log
// or syslog, and their newest uncompressed rotations), with the host's wall clock to compare against.
import { parseCronRun, syslogTime, type CronRun } from '../cron/cron-log.js';
import { factKey, shared, type FactContext } from './context.js';

export const CRON_LOG_PATTERNS = [
  '/var/log/cron',
  '/var/log/cron.1',
  '/var/log/cron-[0-9]*[0-9]',
  '/var/log/cron.log',
  '/var/log/cron.log.1',
  '/var/log/syslog',
  '/var/log/syslog.1',
  '/var/log/messages',
  '/var/log/messages.1',
  '/var/log/messages-[0-9]*[0-9]',
];

export interface CronLogSource {
  readonly path: string;
  readonly fromWallMs?: number; // the file's first line: runs before it cannot be judged from this file
  readonly runs: readonly CronRun[]; // the newest run of each distinct command
}

export interface CronLog {
  readonly nowWallMs: number; // the host's wall clock when read (NaN when `date` failed)
  readonly offsetMs: number; // wall clock minus epoch (the host's UTC offset), to place file times
  // oxdoctor's own clock at the same moment, in the host's wall time: cron's log is written by the host's
  // clock, so when the two disagree a run may look missed by one and not by the other.
  readonly refWallMs?: number;
  // When the cron daemon (its oldest process) started, in host wall time; null: no cron process runs.
  readonly cronStartWallMs?: number | null;
  readonly sources: readonly CronLogSource[]; // files with at least one CMD line
}

const MARKER = '@@oxdoctor-log';
const CRON_MARKER = '@@oxdoctor-cron';

// The clock; the elapsed time of the cron daemon, by its pid file or else its oldest cron/crond process in this
// mount namespace (the forked children per job are younger; a container's cron, or another lab host's in the
// lab's shared pid space, is not this host's), "none" when it is not running;
// then per file its first line and the last CMD line of each command (awk keeps the output small).
const SCRIPT = `date '+%s %z'
pid=$(cat /var/run/crond.pid /run/crond.pid /var/run/cron.pid 2>/dev/null | head -n 1)
if [ -n "$pid" ]; then
  kill -0 "$pid" 2>/dev/null && ps -o etime= -p "$pid"
else
  # As root every live process's mount namespace reads; otherwise (or on kernels without it) all count.
  me=$(readlink /proc/self/ns/mnt 2>/dev/null); [ "$(id -u)" = 0 ] || me=
  ps -e -o pid= -o etime= -o comm= 2>/dev/null | while read -r p e c; do
    case $c in cron | crond) ;; *) continue ;; esac
    [ -z "$me" ] || [ "$(readlink /proc/"$p"/ns/mnt 2>/dev/null)" = "$me" ] && echo "$e"
  done
fi | awk -F'[-:]' '{ s = 0; for (i = 1; i <= NF; i++) s = s * (NF == 4 && i == 2 ? 24 : 60) + $i }
  { if (s > m) m = s; n++ } END { print "${CRON_MARKER} " (n ? m : "none") }'
IFS='
'
for p in "$@"; do
  for f in $p; do
    [ -f "$f" ] || continue
    printf '${MARKER} %s\\n' "$f"
    head -n 1 -- "$f"
    awk '/ CMD \\(/ { c = $0; sub(/^.* CMD \\(/, "", c); sub(/^\\[[0-9]+\\] /, "", c); last[c] = $0 } END { for (c in last) print last[c] }' "$f"
  done
done`;

export const CRON_LOG_FACT = factKey<CronLog>('cron-log');

export function cronLog(ctx: FactContext): Promise<CronLog> {
  return shared(
    ctx,
    CRON_LOG_FACT,
    async () => {
      const before = Date.now();
      const r = await ctx.exec(['sh', '-c', SCRIPT, 'sh', ...CRON_LOG_PATTERNS], {
        maxOutputBytes: 4 * 1024 * 1024,
        timeoutMs: 30_000,
      });
      const after = Date.now();
      // A long wait (for a channel, a slow log) makes the moment `date` ran too vague to compare clocks.
      return parseCronLogDump(r.stdout, after - before < 10_000 ? (before + after) / 2 : undefined);
    },
    (l) =>
      `${l.sources.reduce((n, s) => n + s.runs.length, 0)} commands in ${l.sources.map((s) => s.path).join(', ') || 'no cron log'}`,
  );
}

// `readAtMs`: oxdoctor's epoch time at the moment the dump's `date` ran, when known.
export function parseCronLogDump(stdout: string, readAtMs?: number): CronLog {
  const lines = stdout.split('\n');
  const clock = /^(\d+) ([+-])(\d{2})(\d{2})$/.exec(lines[0]?.trim() ?? '');
  const offsetMs = clock ? (clock[2] === '-' ? -1 : 1) * (Number(clock[3]) * 60 + Number(clock[4])) * 60_000 : 0;
  const nowWallMs = clock ? Number(clock[1]) * 1000 + offsetMs : NaN;
  const daemon = lines[1]?.startsWith(`${CRON_MARKER} `) ? lines[1].slice(CRON_MARKER.length + 1).trim() : undefined;
  const cron =
    daemon === undefined || Number.isNaN(nowWallMs)
      ? {}
      : { cronStartWallMs: daemon === 'none' ? null : nowWallMs - Number(daemon) * 1000 };
  const extra = { ...cron, ...(readAtMs !== undefined && clock ? { refWallMs: readAtMs + offsetMs } : {}) };
  const sources: CronLogSource[] = [];
  let current: { path: string; first?: string; runs: CronRun[] } | undefined;
  const flush = () => {
    if (!current || current.runs.length === 0) return;
    const from = current.first !== undefined ? syslogTime(current.first, nowWallMs) : undefined;
    sources.push({ path: current.path, runs: current.runs, ...(from !== undefined ? { fromWallMs: from } : {}) });
  };
  for (const line of lines.slice(daemon === undefined ? 1 : 2)) {
    if (line.startsWith(`${MARKER} `)) {
      flush();
      current = { path: line.slice(MARKER.length + 1), runs: [] };
    } else if (current && current.first === undefined) {
      current.first = line;
      const run = parseCronRun(line, nowWallMs);
      if (run) current.runs.push(run);
    } else if (current) {
      const run = parseCronRun(line, nowWallMs);
      if (run) current.runs.push(run);
    }
  }
  flush();
  return { nowWallMs, offsetMs, sources, ...extra };
}

// The newest run whose command satisfies `matches`, across every source.
export function lastRun(log: CronLog, matches: (command: string) => boolean): CronRun | undefined {
  let best: CronRun | undefined;
  for (const s of log.sources)
    for (const r of s.runs) if (matches(r.command) && (!best || r.wallMs > best.wallMs)) best = r;
  return best;
}

// How far back the cron log reaches: the earliest first line among files holding cron runs.
export function coveredFrom(log: CronLog): number | undefined {
  const starts = log.sources.map((s) => s.fromWallMs).filter((t): t is number => t !== undefined);
  return starts.length > 0 ? Math.min(...starts) : undefined;
}
