// Indexed table types: a source file that `postmap` compiles into a database file next to it.
import type { TableRef } from './main-cf.js';

const SUFFIX: Readonly<Record<string, string>> = {
  hash: '.db',
  btree: '.db',
  cdb: '.cdb',
  lmdb: '.lmdb',
  dbm: '.pag',
  sdbm: '.pag',
};

export interface IndexedMap {
  readonly ref: TableRef;
  readonly source: string; // /etc/postfix/transport
  readonly database: string; // /etc/postfix/transport.db
  readonly fix: string; // postmap hash:/etc/postfix/transport
}

// null for tables postmap does not compile (ldap, pcre, ...) or names that are not absolute paths.
export function indexedMap(ref: TableRef): IndexedMap | null {
  const suffix = SUFFIX[ref.type];
  if (suffix === undefined || !ref.name.startsWith('/')) return null;
  const fix =
    ref.name === '/etc/aliases' || /\/aliases$/.test(ref.name)
      ? `postalias ${ref.type}:${ref.name}`
      : `postmap ${ref.type}:${ref.name}`;
  return { ref, source: ref.name, database: ref.name + suffix, fix };
}

export type Freshness = 'fresh' | 'stale' | 'no-database' | 'no-source';

export interface FreshnessLine {
  readonly source: string;
  readonly state: Freshness;
  readonly sourceMtime?: number; // epoch seconds, when stat could tell
  readonly databaseMtime?: number;
}

// One sh script for all maps of a host: POSIX `find -newer` decides; GNU `stat -c %Y` (RHEL5, Debian) only
// adds the times for the evidence, and its absence changes nothing. Arguments: source/database pairs.
export const FRESHNESS_SCRIPT = [
  'while [ $# -ge 2 ]; do',
  ' s=$1; d=$2; shift 2',
  ' if [ ! -e "$s" ]; then st=no-source',
  ' elif [ ! -e "$d" ]; then st=no-database',
  ' elif [ -n "$(find "$s" -prune -newer "$d" 2>/dev/null)" ]; then st=stale',
  ' else st=fresh; fi',
  ' t=$(stat -c %Y "$s" "$d" 2>/dev/null | tr "\\n" " ")',
  ' printf "%s\\t%s\\t%s\\n" "$st" "$s" "$t"',
  'done',
].join('\n');

export function freshnessArgv(maps: readonly IndexedMap[]): string[] {
  return ['sh', '-c', FRESHNESS_SCRIPT, 'sh', ...maps.flatMap((m) => [m.source, m.database])];
}

const STATES: ReadonlySet<string> = new Set(['fresh', 'stale', 'no-database', 'no-source']);

export function parseFreshness(stdout: string): FreshnessLine[] {
  const out: FreshnessLine[] = [];
  for (const line of stdout.split('\n')) {
    const [state, source, times] = line.split('\t');
    if (!state || !source || !STATES.has(state)) continue;
    const [s, d] = (times ?? '')
      .trim()
      .split(/\s+/)
      .map((t) => (/^\d+$/.test(t) ? Number(t) : undefined));
    out.push({
      source,
      state: state as Freshness,
      ...(s !== undefined ? { sourceMtime: s } : {}),
      ...(d !== undefined ? { databaseMtime: d } : {}),
    });
  }
  return out;
}
