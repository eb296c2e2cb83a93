// Cron's syslog lines: "Nov 25 14:27:01 host CRON[1]: (root) CMD ([2] /opt/x > /dev/null 2>&1)" (Debian, with
// the pid when run with -L 15), "crond[1]: (root) CMD (/opt/x)" (RHEL5 vixie cron), "CROND[1]: ..." (cronie),
// with the classic syslog stamp or an RFC 3339 one. Times are wall clock as UTC (see schedule.ts).

export interface CronRun {
  readonly wallMs: number;
  readonly user: string;
  readonly command: string;
  readonly line: string;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const CLASSIC = /^([A-Z][a-z]{2})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s/;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})/;
const CMD = /\(([^)\s]+)\)\s+CMD\s+\((?:\[\d+\]\s+)?(.*)\)\s*$/;

// The wall-clock time a syslog line starts with. Classic stamps have no year: the one that puts the line
// at most a day after `nowWallMs` (a log read just after New Year holds December's lines).
export function syslogTime(line: string, nowWallMs: number): number | undefined {
  const iso = RFC3339.exec(line);
  if (iso) {
    const [, y, mo, d, h, mi, s] = iso.map(Number) as [number, number, number, number, number, number, number];
    return Date.UTC(y, mo - 1, d, h, mi, s);
  }
  const m = CLASSIC.exec(line);
  if (!m) return undefined;
  const month = MONTHS.indexOf((m[1] ?? '').toLowerCase());
  if (month === -1) return undefined;
  const year = new Date(nowWallMs).getUTCFullYear();
  const at = (y: number) => Date.UTC(y, month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
  const t = at(year);
  return t > nowWallMs + 86_400_000 ? at(year - 1) : t;
}

export function parseCronRun(line: string, nowWallMs: number): CronRun | undefined {
  const cmd = CMD.exec(line);
  if (!cmd?.[1] || cmd[2] === undefined) return undefined;
  const wallMs = syslogTime(line, nowWallMs);
  if (wallMs === undefined) return undefined;
  return { wallMs, user: cmd[1], command: cmd[2].trim(), line };
}
