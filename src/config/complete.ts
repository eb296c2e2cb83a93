// Filling what a config file omits from the hosts themselves, over their transports.
import { messageOf } from '../core/errors.js';
import type { HostSpec } from '../core/host.js';
import { discoverEndpoints } from './discover-endpoints.js';
import { discoverHost } from './discover-host.js';
import type { FileReader } from './file-reader.js';
import { deepFreeze } from './freeze.js';
import { asLoaded, remember, type LoadedConfig } from './details.js';
import { fillEndpoints, missingEndpoints } from './endpoints.js';
import type { SiteConfig } from './types.js';

export interface Completion extends LoadedConfig {
  readonly unreachable: readonly string[]; // "host: why", hosts whose files could not be read
}

// Roles for hosts listed in rolesToDiscover; endpoints still missing from the first host that names them.
export async function completeFromHosts(
  config: LoadedConfig | SiteConfig,
  readerFor: (host: HostSpec) => FileReader,
): Promise<Completion> {
  const loaded = asLoaded(config);
  const discovered = [...loaded.discovered];
  const unreachable: string[] = [];
  // Discovered in parallel, reported in host order.
  const perHost = await Promise.all(
    loaded.site.hosts.map(async (h) => {
      if (!loaded.rolesToDiscover.includes(h.name)) return { host: h, reasons: [] as string[] };
      try {
        const found = await discoverHost(readerFor(h));
        return { host: { ...h, roles: found.roles }, reasons: found.reasons.map((r) => `${h.name}: ${r}`) };
      } catch (err) {
        return { host: h, reasons: [], failure: `${h.name}: ${messageOf(err)}` };
      }
    }),
  );
  const hosts = perHost.map((p) => p.host);
  discovered.push(...perHost.flatMap((p) => p.reasons));
  unreachable.push(...perHost.flatMap((p) => ('failure' in p && p.failure ? [p.failure] : [])));
  let endpoints = loaded.site.endpoints;
  for (const h of hosts) {
    if (missingEndpoints(endpoints).length === 0) break;
    if (unreachable.some((u) => u.startsWith(`${h.name}: `))) continue;
    try {
      const found = await discoverEndpoints(readerFor(h), h.roles);
      const before = missingEndpoints(endpoints);
      endpoints = fillEndpoints(endpoints, found.endpoints);
      const filled = before.filter((k) => !missingEndpoints(endpoints).includes(k));
      discovered.push(
        ...found.reasons.filter((r) => filled.some((k) => r.startsWith(k))).map((r) => `${h.name}: ${r}`),
      );
    } catch (err) {
      unreachable.push(`${h.name}: ${messageOf(err)}`);
    }
  }
  const done = deepFreeze({
    ...loaded,
    site: { ...loaded.site, hosts, endpoints },
    rolesToDiscover: [],
    discovered,
    unreachable,
  });
  remember(done);
  return done;
}
