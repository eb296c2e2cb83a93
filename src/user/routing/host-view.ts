// One host's postfix as the routing probe reads it: postconf, master.cf, the tables it names, the route settings
// of main.cf, and lookups in its tables (ldap and pcre evaluated here, the rest by postmap on the host). Works on
// the probe's own host and on a peer (ctx.peer): a peer's commands are the probe's evidence.
import type { CheckContext, PeerContext } from '../../core/check.js';
import { masterCf } from '../../facts/master-cf.js';
import { MapLookups } from '../../facts/map-lookups.js';
import { postconf, type PostconfFacts } from '../../facts/postconf.js';
import { postfixMaps } from '../../facts/postfix-maps.js';
import { splitList, tableRefs, type TableRef } from '../../postfix/main-cf.js';
import type { MapUse } from '../../postfix/map-inventory.js';
import type { MasterService } from '../../postfix/master-cf.js';
import type { RouteConfig } from '../../postfix/recipient-route.js';
import { routeConfig } from '../../checkkit/route-config.js';

export interface HostView {
  readonly name: string;
  readonly ctx: CheckContext;
  readonly pc: PostconfFacts;
  readonly services: readonly MasterService[];
  readonly uses: readonly MapUse[];
  readonly config: RouteConfig;
  readonly lookups: MapLookups;
}

// null: no postfix configuration there.
export async function loadHostView(ctx: CheckContext): Promise<HostView | null> {
  const [pc, master, maps] = await Promise.all([postconf(ctx), masterCf(ctx), postfixMaps(ctx)]);
  if (!pc.available || !master.found || !maps.available) return null;
  return {
    name: ctx.host.name,
    ctx,
    pc,
    services: master.services,
    uses: maps.uses,
    config: routeConfig(pc, maps.uses),
    lookups: new MapLookups(ctx, pc.configDirectory),
  };
}

// Reads each ldap map file once before lookups start (MapLookups caches a file only once read, so lookups made at
// once would each read it).
export async function preloadLdap(view: HostView): Promise<void> {
  const paths = new Set(view.uses.filter((u) => u.ref.type === 'ldap').map((u) => u.ref.name));
  await Promise.all([...paths].map((path) => view.lookups.loadLdap(path)));
}

// A peer seen through the probe's own deadline and signal, so MapLookups and probes can run there.
export function peerCheckContext(ctx: CheckContext, peer: PeerContext): CheckContext {
  return {
    ...ctx,
    host: peer.host,
    transport: peer.transport,
    facts: peer.facts,
    exec: peer.exec,
    record: peer.record,
  };
}

// The tables of one main.cf parameter, expanded, in order.
export function mainTables(view: Pick<HostView, 'pc'>, param: string): TableRef[] {
  return tableRefs(view.pc.expand(view.pc.get(param) ?? ''));
}

// mydestination of the host, expanded, lower case (table entries left out).
export function localDomains(view: Pick<HostView, 'config'>): readonly string[] {
  return view.config.localDomains;
}

export function relayDomains(view: Pick<HostView, 'pc'>): string[] {
  return splitList(view.pc.expand(view.pc.get('relay_domains') ?? ''))
    .filter((d) => !d.includes(':') && !d.startsWith('/'))
    .map((d) => d.toLowerCase());
}

export const tableName = (t: TableRef): string => `${t.type}:${t.name}`;
