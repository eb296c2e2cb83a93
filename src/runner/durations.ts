// How long each check took last time, keyed check@host, so a sweep can start the slowest first:
// with per-host slots, a slow probe queued behind quick ones would otherwise finish last and late.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { MAX_DURATIONS_BYTES } from '../config/limits.js';
import { readLimitedFileSync } from '../config/read-limited.js';

export class Durations {
  private readonly byKey: Map<string, number>;

  constructor(initial: Iterable<[string, number]> = []) {
    this.byKey = new Map(initial);
  }

  get(key: string): number | undefined {
    return this.byKey.get(key);
  }

  record(key: string, ms: number): void {
    this.byKey.set(key, ms);
  }

  // Longest expected first; never-seen checks first of all (they may be slow), and among those the ones
  // allowed the longest (a check's timeout says how slow its author expects it can be); plan order among equals.
  order<T extends { readonly key: string; readonly check?: { readonly timeoutMs?: number } }>(
    items: readonly T[],
  ): T[] {
    const expected = (item: T) => this.byKey.get(item.key) ?? Infinity;
    const allowed = (item: T) => item.check?.timeoutMs ?? 0;
    return items
      .map((item, index) => ({ item, index }))
      .sort((a, b) => expected(b.item) - expected(a.item) || allowed(b.item) - allowed(a.item) || a.index - b.index)
      .map((x) => x.item);
  }

  entries(): [string, number][] {
    return [...this.byKey];
  }
}

// Best effort: a missing, unreadable or corrupt file is an empty history; it holds only names and numbers.
// So is anything but a regular file within the cap: a FIFO would hold the start, /dev/zero fill memory.
export function loadDurations(path: string): Durations {
  try {
    const text = readLimitedFileSync(path, MAX_DURATIONS_BYTES).data.toString('utf8');
    const data = JSON.parse(text) as { version?: number; durations?: Record<string, unknown> };
    if (data.version !== 1 || !data.durations) return new Durations();
    return new Durations(
      Object.entries(data.durations).filter(
        (e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1]),
      ),
    );
  } catch {
    return new Durations();
  }
}

export function saveDurations(path: string, durations: Durations): void {
  try {
    ensureDir(dirname(path));
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 1, durations: Object.fromEntries(durations.entries()) }), {
      mode: 0o600,
    });
    renameSync(tmp, path);
  } catch {
    // a read-only home only costs the ordering of the next run
  }
}

// The cache dir and its parent (~/.cache/oxdoctor), one level at a time: Node 20's recursive mkdir
// never returns for some unwritable paths (seen under /proc).
function ensureDir(dir: string): void {
  for (const d of [dirname(dir), dir]) {
    try {
      mkdirSync(d, { mode: 0o700 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}
