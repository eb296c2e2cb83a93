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
  readonly sources: readonly CronLogSource[]; // files with at least one CMD line
}

const MARKER = '@@oxdoctor-log';

// Per file: its first line, then the last CMD line of each command (awk keeps the output small).
const SCRIPT = `date '+%s %z'
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
      const r = await ctx.exec(['sh', '-c', SCRIPT, 'sh', ...CRON_LOG_PATTERNS], {
        maxOutputBytes: 4 * 1024 * 1024,
        timeoutMs: 30_000,
      });
      return parseCronLogDump(r.stdout);
    },
    (l) =>
      `${l.sources.reduce((n, s) => n + s.runs.length, 0)} commands in ${l.sources.map((s) => s.path).join(', ') || 'no cron log'}`,
  );
}

export function parseCronLogDump(stdout: string): CronLog {
  const lines = stdout.split('\n');
  const clock = /^(\d+) ([+-])(\d{2})(\d{2})$/.exec(lines[0]?.trim() ?? '');
  const offsetMs = clock ? (clock[2] === '-' ? -1 : 1) * (Number(clock[3]) * 60 + Number(clock[4])) * 60_000 : 0;
  const nowWallMs = clock ? Number(clock[1]) * 1000 + offsetMs : NaN;
  const sources: CronLogSource[] = [];
  let current: { path: string; first?: string; runs: CronRun[] } | undefined;
  const flush = () => {
    if (!current || current.runs.length === 0) return;
    const from = current.first !== undefined ? syslogTime(current.first, nowWallMs) : undefined;
    sources.push({ path: current.path, runs: current.runs, ...(from !== undefined ? { fromWallMs: from } : {}) });
  };
  for (const line of lines.slice(1)) {
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
  return { nowWallMs, offsetMs, sources };
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
