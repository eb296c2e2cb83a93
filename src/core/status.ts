// The four monitoring-plugins states and how they combine.
export type Status = 'ok' | 'warn' | 'crit' | 'unknown';

export const STATUSES: readonly Status[] = ['ok', 'warn', 'unknown', 'crit'];

// Severity used to combine results: CRIT > UNKNOWN > WARN > OK.
// UNKNOWN ranks above WARN because "could not check" may be hiding a failure,
// but it never hides a CRIT that was actually seen.
const SEVERITY: Record<Status, number> = { ok: 0, warn: 1, unknown: 2, crit: 3 };

export function severity(status: Status): number {
  return SEVERITY[status];
}

export function worst(statuses: Iterable<Status>): Status {
  let result: Status = 'ok';
  for (const s of statuses) if (SEVERITY[s] > SEVERITY[result]) result = s;
  return result;
}

// Plugin exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
export function exitCode(status: Status): 0 | 1 | 2 | 3 {
  return ({ ok: 0, warn: 1, crit: 2, unknown: 3 } as const)[status];
}

export function nagiosLabel(status: Status): 'OK' | 'WARNING' | 'CRITICAL' | 'UNKNOWN' {
  return ({ ok: 'OK', warn: 'WARNING', crit: 'CRITICAL', unknown: 'UNKNOWN' } as const)[status];
}

// One letter per status so a screen without colour still reads.
export function statusSymbol(status: Status): string {
  return ({ ok: 'OK', warn: 'WARN', crit: 'CRIT', unknown: 'UNKN' } as const)[status];
}
