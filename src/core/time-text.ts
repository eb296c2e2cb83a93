// Times as people read them, one module for every layer: a duration ("350 ms", "2.4 s", "1 min 5 s"), an
// age in prose ("42 s", "15 min", "1.5 h", "2.1 d"), in whole minutes for what runs on cron's minutes
// ("0 min", "17 min", "11 h", "3 d") or compact for narrow columns ("42s", "3m", "2h", "5d"), and clock times.

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 360) / 10} h`;
  return `${Math.round(s / 8640) / 10} d`;
}

export function compactAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  if (s < 172_800) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86_400)}d`;
}

// HH:MM:SS in this machine's local time.
export function clockTime(epochMs: number): string {
  return new Date(epochMs).toTimeString().slice(0, 8);
}

// For schedules that run on whole minutes (cron): "0 min" rather than "42 s".
export function formatAgeMinutes(ms: number): string {
  const min = Math.max(0, Math.round(ms / 60_000));
  if (min < 120) return `${min} min`;
  const h = Math.round(min / 60);
  return h < 48 ? `${h} h` : `${Math.round(h / 24)} d`;
}

// "2026-11-25 14:35" of a wall-clock time kept as "local time as UTC" (see src/cron/schedule.ts).
export function formatWallTime(wallMs: number): string {
  const d = new Date(wallMs).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
}
