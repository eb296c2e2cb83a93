// Cron's five time fields (vixie cron, cronie, Debian cron): when a schedule fires, in the host's wall-clock time.
// Times here are "wall clock as UTC": Date.UTC(year, month, day, hour, minute) of the host's local time,
// so no time zone is needed as long as every time compared comes from the same host.

export interface Schedule {
  readonly text: string; // as written: "*/5 * * * *", "@daily"
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly days: ReadonlySet<number>; // 1-31
  readonly months: ReadonlySet<number>; // 1-12
  readonly weekdays: ReadonlySet<number>; // 0-6, Sunday 0 (7 folds onto 0)
  readonly dayRestricted: boolean; // day-of-month field not "*"
  readonly weekdayRestricted: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const NICKNAMES: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

// The schedule of "*/5 * * * *" or "@daily"; undefined when a field is not cron syntax (or @reboot).
export function parseSchedule(text: string): Schedule | undefined {
  const fields = (NICKNAMES[text.toLowerCase()] ?? text).trim().split(/\s+/);
  if (fields.length !== 5) return undefined;
  const [mi, h, d, mo, w] = fields as [string, string, string, string, string];
  const minutes = parseField(mi, 0, 59);
  const hours = parseField(h, 0, 23);
  const days = parseField(d, 1, 31);
  const months = parseField(mo, 1, 12, MONTHS, 1);
  const weekdays = parseField(w, 0, 7, WEEKDAYS, 0);
  if (!minutes || !hours || !days || !months || !weekdays) return undefined;
  if (weekdays.delete(7)) weekdays.add(0);
  return {
    text,
    minutes,
    hours,
    days,
    months,
    weekdays,
    dayRestricted: !d.startsWith('*'),
    weekdayRestricted: !w.startsWith('*'),
  };
}

function parseField(
  field: string,
  min: number,
  max: number,
  names: readonly string[] = [],
  firstName = 0,
): Set<number> | undefined {
  const out = new Set<number>();
  const value = (s: string): number | undefined => {
    const named = names.indexOf(s.toLowerCase());
    if (named !== -1) return named + firstName;
    return /^\d+$/.test(s) ? Number(s) : undefined;
  };
  for (const part of field.split(',')) {
    const m = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(part);
    if (!m?.[1]) return undefined;
    const step = m[2] ? Number(m[2]) : 1;
    let lo = min;
    let hi = max;
    if (m[1] !== '*') {
      const [a, b] = m[1].split('-');
      const start = value(a ?? '');
      const end = b === undefined ? (m[2] ? max : start) : value(b);
      if (start === undefined || end === undefined) return undefined;
      lo = start;
      hi = end;
    }
    if (step < 1 || lo < min || hi > max || lo > hi) return undefined;
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

export function firesAt(s: Schedule, wallMs: number): boolean {
  const t = new Date(wallMs);
  if (!s.minutes.has(t.getUTCMinutes()) || !s.hours.has(t.getUTCHours()) || !s.months.has(t.getUTCMonth() + 1))
    return false;
  const dayOk = s.days.has(t.getUTCDate());
  const weekdayOk = s.weekdays.has(t.getUTCDay());
  // When both day fields are restricted, cron fires on either (the classic cron rule).
  if (s.dayRestricted && s.weekdayRestricted) return dayOk || weekdayOk;
  return dayOk && weekdayOk;
}

const MINUTE = 60_000;
export const LOOKBACK_MS = 35 * 24 * 60 * MINUTE; // far enough for monthly jobs

// Up to `count` firing times at or before wallMs, newest first, looking back at most LOOKBACK_MS.
export function firingsBefore(s: Schedule, wallMs: number, count: number): number[] {
  const out: number[] = [];
  const start = Math.floor(wallMs / MINUTE) * MINUTE;
  for (let t = start; t > start - LOOKBACK_MS && out.length < count; t -= MINUTE) {
    if (firesAt(s, t)) out.push(t);
  }
  return out;
}
