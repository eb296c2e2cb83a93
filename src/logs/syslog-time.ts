// Syslog time stamps to epoch ms: RFC 3164's yearless local stamps and RFC 3339's zoned ones.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MINUTE_MS = 60_000;
// A line may look up to a day later than the file's mtime (clock or offset slack) before it counts as last year.
const FUTURE_SLACK_MS = 24 * 60 * MINUTE_MS;

export interface Rfc3164Stamp {
  readonly month: number; // 0-11
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

// journalctl prints month names in the reader's locale; German ones are seen in the field (cyrus-imapd#3035).
const LOCAL_MONTHS: Readonly<Record<string, number>> = { Mär: 2, Mrz: 2, Mai: 4, Okt: 9, Dez: 11 };

export function monthIndex(name: string): number {
  const i = MONTHS.indexOf(name);
  return i >= 0 ? i : (LOCAL_MONTHS[name] ?? -1);
}

// The epoch ms of a yearless local stamp: the latest year in which it is not later than the reference time
// (the file's mtime), so a December line read in January lands in the previous year.
export function placeRfc3164(stamp: Rfc3164Stamp, referenceMs: number, utcOffsetMinutes: number): number {
  const offsetMs = utcOffsetMinutes * MINUTE_MS;
  let year = new Date(referenceMs + offsetMs).getUTCFullYear();
  for (let tries = 0; tries < 9; tries++, year--) {
    const local = Date.UTC(year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second);
    if (new Date(local).getUTCMonth() !== stamp.month) continue; // Feb 29 outside a leap year
    const time = local - offsetMs;
    if (time <= referenceMs + FUTURE_SLACK_MS) return time;
  }
  return NaN;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/i;

// RFC 3339 stamps as rsyslog writes them (microseconds and more are cut to ms); NaN when not one.
export function parseRfc3339(text: string): number {
  const m = RFC3339.exec(text);
  if (!m) return NaN;
  const [, y, mo, d, h, mi, s, frac = '', zone] = m;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  if (zone === undefined || zone.toUpperCase() === 'Z') return local;
  const sign = zone.startsWith('-') ? -1 : 1;
  const offset = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  return local - offset * MINUTE_MS;
}
