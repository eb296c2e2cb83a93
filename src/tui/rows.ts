// What the overview lists: one row per check@host, narrowed by the view's filters, problems first.
import { groupOf } from '../core/check.js';
import { severity, type Status } from '../core/status.js';
import type { EntryState, Snapshot, StoreEntry } from '../runner/store.js';
import { matcherFor } from './filter.js';

export interface Row {
  readonly key: string;
  readonly check: string;
  readonly host: string;
  readonly title: string;
  readonly state: EntryState;
  readonly status?: Status; // this sweep's, or the last one's while it runs again
  readonly stale: boolean; // status is from the previous sweep
  readonly summary: string;
}

export interface RowFilters {
  readonly text: string; // the `/` filter
  readonly problemsOnly: boolean;
  readonly host?: string; // `:host NAME`
  readonly check?: string; // `:check ID|GROUP`
}

export const NO_FILTERS: RowFilters = { text: '', problemsOnly: false };

export function rowOf(e: StoreEntry): Row {
  const shown = e.result ?? e.previous;
  return {
    key: e.key,
    check: e.check,
    host: e.host,
    title: e.title,
    state: e.state,
    ...(shown ? { status: shown.status } : {}),
    stale: e.result === undefined && shown !== undefined,
    summary: shown?.summary ?? (e.state === 'running' ? 'running' : 'waiting to run'),
  };
}

// Rank for sorting: CRIT, UNKNOWN, WARN, not yet known, OK.
function rank(r: Row): number {
  if (r.status === undefined) return 0.5;
  return severity(r.status) === 0 ? 0 : severity(r.status) + 1;
}

export function visibleRows(snapshot: Snapshot, filters: RowFilters, order: ReadonlyMap<string, number>): Row[] {
  const match = matcherFor(filters.text);
  const rows: Row[] = [];
  for (const e of snapshot.entries) {
    if (filters.host !== undefined && e.host !== filters.host) continue;
    if (filters.check !== undefined && e.check !== filters.check && groupOf(e.check) !== filters.check) continue;
    const row = rowOf(e);
    if (filters.problemsOnly && (row.status === undefined || row.status === 'ok')) continue;
    if (filters.text !== '' && !match(row.host) && !match(row.check) && !match(row.summary)) continue;
    rows.push(row);
  }
  const pos = (r: Row): number => order.get(r.key) ?? Number.MAX_SAFE_INTEGER;
  return rows.sort((a, b) => rank(b) - rank(a) || pos(a) - pos(b));
}
