// --since / --until values: an age ("90s", "30m", "2h", "2d", "1w": that long before now) or a date in this
// machine's time zone ("2026-12-07", "2026-12-07 03:15", "2026-12-07T03:15:30", "03:15" today), or with an
// explicit zone ("2026-12-07T03:15:00Z", "...+01:00"). Returns epoch ms, or undefined when it is neither.
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const AGE = /^(\d{1,6})\s*([smhdw])$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

export function parseTimeSpec(value: string, nowMs: number): number | undefined {
  const text = value.trim();
  const age = AGE.exec(text);
  if (age) return nowMs - Number(age[1]) * UNIT_MS[age[2]!]!;
  const time = TIME.exec(text);
  if (time) {
    const d = new Date(nowMs);
    d.setHours(Number(time[1]), Number(time[2]), Number(time[3] ?? 0), 0);
    return valid(d, Number(time[1]) < 24 && Number(time[2]) < 60 && Number(time[3] ?? 0) < 60);
  }
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [y, mo, da, h, mi, s, ms] = [1, 2, 3, 4, 5, 6, 7].map((i) => Number(m[i] ?? 0)) as number[];
  const inRange = mo! >= 1 && mo! <= 12 && da! >= 1 && da! <= 31 && h! < 24 && mi! < 60 && s! < 60;
  const zone = m[8];
  if (zone) {
    const offset = zone === 'Z' ? 0 : zoneMinutes(zone);
    return valid(new Date(Date.UTC(y!, mo! - 1, da!, h!, mi!, s!, ms!) - offset * 60_000), inRange, da!);
  }
  return valid(new Date(y!, mo! - 1, da!, h!, mi!, s!, ms!), inRange, da!);
}

// "+01:00" / "-0530" -> minutes east of UTC.
function zoneMinutes(zone: string): number {
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return zone.startsWith('-') ? -minutes : minutes;
}

// A date that rolled over (Feb 30 -> Mar 2) is not the date that was meant.
function valid(d: Date, inRange: boolean, day?: number): number | undefined {
  if (!inRange || Number.isNaN(d.getTime())) return undefined;
  if (day !== undefined && d.getDate() !== day && d.getUTCDate() !== day) return undefined;
  return d.getTime();
}
