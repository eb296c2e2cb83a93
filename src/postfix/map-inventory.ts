// Every lookup table a postfix instance names: main.cf parameters and master.cf "-o" overrides.
import type { MasterService } from './master-cf.js';
import { parseTableRef, splitList, type TableRef } from './main-cf.js';

// dict types postfix knows (postconf -m plus the composite ones); anything else after "x:" is not a table.
export const TABLE_TYPES: ReadonlySet<string> = new Set([
  'btree',
  'cdb',
  'cidr',
  'dbm',
  'environ',
  'fail',
  'hash',
  'inline',
  'internal',
  'ldap',
  'lmdb',
  'memcache',
  'mongodb',
  'mysql',
  'nis',
  'nisplus',
  'pcre',
  'pgsql',
  'pipemap',
  'randmap',
  'regexp',
  'sdbm',
  'socketmap',
  'sqlite',
  'static',
  'tcp',
  'texthash',
  'unionmap',
  'unix',
]);

// Parameters whose "x:y" values are transports, filters or sockets, not tables (e.g. "lmtp:unix:/path",
// "inet:host:port" milters).
const NOT_TABLE_PARAM =
  /(_transport|_milters|_filter|_path|_service_name)$|^milter_|^relayhost$|_relayhost$|^tls_random_source$/;

export interface MapUse {
  readonly ref: TableRef; // the table itself (proxy: unwrapped; composite members listed on their own)
  readonly param: string; // "virtual_alias_maps"
  readonly service?: string; // master.cf service when it came from a "-o" override
  readonly position: number; // 0-based order within the parameter's list (the order postfix consults them)
}

export type Expand = (value: string) => string;

// The tables of one parameter value, in order; pipemap:{a, b} and unionmap:{a, b} contribute their members.
export function tablesIn(value: string, expand: Expand = (v) => v): TableRef[] {
  const out: TableRef[] = [];
  for (const item of splitList(expand(value))) {
    const ref = parseTableRef(item);
    if (!ref || !TABLE_TYPES.has(ref.type)) continue;
    if ((ref.type === 'pipemap' || ref.type === 'unionmap') && ref.name.startsWith('{')) {
      out.push(...tablesIn(ref.name.replace(/^\{|\}$/g, ''), expand));
      continue;
    }
    out.push(ref);
  }
  return out;
}

export function mapInventory(
  params: ReadonlyMap<string, string>,
  services: readonly MasterService[],
  expand: Expand = (v) => v,
): MapUse[] {
  const uses: MapUse[] = [];
  const add = (param: string, value: string, service?: string): void => {
    if (NOT_TABLE_PARAM.test(param)) return;
    tablesIn(value, expand).forEach((ref, position) =>
      uses.push({ ref, param, position, ...(service ? { service } : {}) }),
    );
  };
  for (const [param, value] of params) add(param, value);
  for (const s of services) for (const [param, value] of s.overrides) add(param, value, s.name);
  return uses;
}

// One entry per distinct table ("type:name"), with every place that uses it.
export function distinctTables(uses: readonly MapUse[]): { ref: TableRef; uses: MapUse[] }[] {
  const byKey = new Map<string, { ref: TableRef; uses: MapUse[] }>();
  for (const u of uses) {
    const key = `${u.ref.type}:${u.ref.name}`;
    const entry = byKey.get(key) ?? { ref: u.ref, uses: [] };
    entry.uses.push(u);
    byKey.set(key, entry);
  }
  return [...byKey.values()];
}

// "virtual_alias_maps" or "copycleanup: virtual_alias_maps"
export function useLabel(u: MapUse): string {
  return u.service ? `${u.service} -o ${u.param}` : u.param;
}
