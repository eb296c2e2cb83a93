// The overview grid: hosts x check groups, each cell the worst status of its checks with counts.
import { groupOf } from '../core/check.js';
import { worst, type Status } from '../core/status.js';
import type { Snapshot } from '../runner/store.js';

export interface Cell {
  readonly total: number; // checks of this group on this host (0: none apply)
  readonly done: number; // with a result (this sweep's or the last one's)
  readonly problems: number; // not OK
  readonly running: number;
  readonly worst?: Status;
}

export interface Grid {
  readonly hosts: readonly string[];
  readonly groups: readonly string[];
  cell(host: string, group: string): Cell;
  readonly hostWorst: ReadonlyMap<string, Status>;
}

const EMPTY: Cell = { total: 0, done: 0, problems: 0, running: 0 };

// Hosts and groups in the order given (the plan's); groups no entry uses are left out.
export function gridOf(snapshot: Snapshot, hostOrder: readonly string[], groupOrder: readonly string[]): Grid {
  const cells = new Map<
    string,
    { total: number; done: number; problems: number; running: number; statuses: Status[] }
  >();
  const used = new Set<string>();
  const hostStatuses = new Map<string, Status[]>();
  for (const e of snapshot.entries) {
    const group = groupOf(e.check);
    used.add(group);
    const id = `${e.host}\u0000${group}`;
    let c = cells.get(id);
    if (!c) cells.set(id, (c = { total: 0, done: 0, problems: 0, running: 0, statuses: [] }));
    c.total++;
    if (e.state !== 'done') c.running += e.state === 'running' ? 1 : 0;
    const status = (e.result ?? e.previous)?.status;
    if (status !== undefined) {
      c.done++;
      c.statuses.push(status);
      if (status !== 'ok') c.problems++;
      const hs = hostStatuses.get(e.host) ?? [];
      hs.push(status);
      hostStatuses.set(e.host, hs);
    }
  }
  const hosts = [...hostOrder.filter((h) => snapshot.entries.some((e) => e.host === h))];
  for (const e of snapshot.entries) if (!hosts.includes(e.host)) hosts.push(e.host);
  const groups = groupOrder.filter((g) => used.has(g));
  for (const g of used) if (!groups.includes(g)) groups.push(g);
  return {
    hosts,
    groups,
    cell: (host, group) => {
      const c = cells.get(`${host}\u0000${group}`);
      if (!c) return EMPTY;
      const { statuses, ...counts } = c;
      return statuses.length > 0 ? { ...counts, worst: worst(statuses) } : counts;
    },
    hostWorst: new Map([...hostStatuses].map(([h, s]) => [h, worst(s)])),
  };
}

// Groups in the order the catalogue first uses them.
export function groupsOf(checkIds: readonly string[]): string[] {
  const groups: string[] = [];
  for (const id of checkIds) {
    const g = groupOf(id);
    if (!groups.includes(g)) groups.push(g);
  }
  return groups;
}
