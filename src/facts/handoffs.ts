// A host's hand-offs (src/postfix/handoffs.ts) from its effective config: postconf, master.cf, the entries of its
// transport and BCC tables, and amavisd's re-injection methods. Works on any host's context (ctx.peer too).
import { AMAVIS_CONF_PATHS, DEFAULT_FORWARD_METHOD, methodFromGrep } from '../postfix/amavis-forward.js';
import {
  bccDomain,
  listHandoffs,
  parseTransportLines,
  type AmavisMethod,
  type BccDestination,
  type Handoff,
  type TransportEntry,
} from '../postfix/handoffs.js';
import type { TableRef } from '../postfix/main-cf.js';
import { tablesIn } from '../postfix/map-inventory.js';
import { parsePcreTable } from '../postfix/pcre-table.js';
import { factKey, shared, type FactContext } from './context.js';
import { masterCf } from './master-cf.js';
import { postconf, DEFAULT_CONFIG_DIRECTORY } from './postconf.js';
import { postfixMaps } from './postfix-maps.js';
import { readText } from './read-text.js';
import { execSbin } from './sbin.js';

export interface HandoffFacts {
  readonly available: boolean; // false: no postfix here
  readonly handoffs: readonly Handoff[];
  readonly unread: readonly string[]; // tables whose entries could not be listed, with why
}

export const HANDOFFS_FACT = factKey<HandoffFacts>('handoffs');

const BCC_PARAMS = new Set(['recipient_bcc_maps', 'sender_bcc_maps']);
// Tables whose entries are lines of their own file; `postmap -s` dumps the indexed kinds.
const REGEX_TYPES = new Set(['pcre', 'regexp']);
const INDEXED_TYPES = new Set(['hash', 'btree', 'cdb', 'dbm', 'lmdb', 'sdbm', 'texthash']);

export function handoffsOf(ctx: FactContext): Promise<HandoffFacts> {
  return shared(
    ctx,
    HANDOFFS_FACT,
    async () => {
      const pc = await postconf(ctx);
      if (!pc.available) return { available: false, handoffs: [], unread: [] };
      const [master, maps, amavis] = await Promise.all([masterCf(ctx), postfixMaps(ctx), amavisMethods(ctx)]);
      const unread: string[] = [];
      const dump = (ref: TableRef): Promise<Entries> => tableEntries(ctx, pc.configDirectory, ref, unread);
      const transportEntries: TransportEntry[] = (
        await Promise.all(tablesIn(pc.get('transport_maps') ?? '', pc.expand).map(dump))
      ).flat();
      const bcc: BccDestination[] = [];
      for (const use of maps.uses.filter((u) => BCC_PARAMS.has(u.param))) {
        const label = `${use.service ? `${use.service} -o ` : ''}${use.param} ${use.ref.type}:${use.ref.name}`;
        for (const e of await dump(use.ref)) {
          const domain = bccDomain(e.value);
          if (domain !== '' && !bcc.some((b) => b.use === label && b.domain === domain))
            bcc.push({ use: label, domain });
        }
      }
      const always = bccDomain(pc.expand(pc.get('always_bcc') ?? ''));
      if (always !== '') bcc.push({ use: 'always_bcc', domain: always });
      const handoffs = listHandoffs({
        get: pc.get,
        expand: pc.expand,
        services: master.services,
        transportEntries,
        bcc,
        amavis,
      });
      return { available: true, handoffs, unread };
    },
    (f) => (f.available ? `${f.handoffs.length} hand-offs` : 'no postfix configuration'),
  );
}

type Entries = readonly TransportEntry[];

// Every "key value" of a table: regex tables from their file, indexed ones by `postmap -s` (postfix 2.2+),
// else their source file. Other kinds (ldap, mysql ...) cannot be listed: named in `unread`.
async function tableEntries(ctx: FactContext, dir: string, ref: TableRef, unread: string[]): Promise<Entries> {
  const table = `${ref.type}:${ref.name}`;
  if (REGEX_TYPES.has(ref.type)) {
    const file = await readText(ctx, ref.name);
    if (!file) return (unread.push(`${table}: no such file`), []);
    const rules = parsePcreTable(file.text).rules.filter((r) => r.kind === 'match' && r.result);
    return rules.map((r) => ({ table, key: `/${r.pattern ?? ''}/`, value: r.result ?? '' }));
  }
  if (!INDEXED_TYPES.has(ref.type)) return (unread.push(`${table}: entries of a ${ref.type} table are not listed`), []);
  const dirArgs = dir === DEFAULT_CONFIG_DIRECTORY ? [] : ['-c', dir];
  const r = await execSbin(ctx, 'postmap', [...dirArgs, '-s', table]);
  if (r.code === 0) return parseTransportLines(table, r.stdout);
  const file =
    ref.type === 'texthash' || ref.type === 'hash' || ref.type === 'btree' ? await readText(ctx, ref.name) : null;
  if (file) return parseTransportLines(table, file.text);
  unread.push(`${table}: postmap -s failed (${r.stderr.trim().split('\n')[0] ?? `exit ${r.code}`})`);
  return [];
}

// $forward_method and $notify_method where amavisd is configured; amavisd's default when a file sets neither.
async function amavisMethods(ctx: FactContext): Promise<AmavisMethod[]> {
  const r = await ctx.exec(['grep', '-H', '-e', 'forward_method', '-e', 'notify_method', ...AMAVIS_CONF_PATHS]);
  const missing = r.stderr.split('\n').filter((l) => /No such file/i.test(l)).length;
  if (missing >= AMAVIS_CONF_PATHS.length) return []; // no amavisd configuration on this host
  return (['forward_method', 'notify_method'] as const).map((name) => {
    const found = methodFromGrep(r.stdout, name);
    return found
      ? { name, value: found.value, source: `$${name} in ${found.file}` }
      : { name, value: DEFAULT_FORWARD_METHOD, source: `amavisd's default $${name}` };
  });
}
