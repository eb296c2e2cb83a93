// The config used when there is no config file: the machine oxdoctor runs on, described by its own files.
import os from 'node:os';
import type { HostSpec, Role } from '../core/host.js';
import { remember, type LoadedConfig } from './details.js';
import { discoverEndpoints } from './discover-endpoints.js';
import { discoverHost } from './discover-host.js';
import { discoverOx } from './discover-ox.js';
import { localFiles } from './file-reader.js';
import { deepFreeze } from './freeze.js';
import type { LoadOptions } from './load.js';
import { configSchema } from './schema.js';
import type { SiteConfig } from './types.js';

export const EMBEDDED_SOURCE = 'embedded default';

// No config file: check the machine oxdoctor runs on, with everything read from its own files.
export async function embeddedDefault(o: LoadOptions = {}): Promise<LoadedConfig> {
  const reader = o.localReader ?? localFiles;
  const name = o.hostname ?? os.hostname();
  const host = await discoverHost(reader);
  const [endpoints, ox] = await Promise.all([
    discoverEndpoints(reader, host.roles),
    host.roles.includes('groupware') ? discoverOx(reader) : Promise.resolve(null),
  ]);
  const hosts: HostSpec[] = [{ name, roles: host.roles as Role[], transport: { kind: 'local' } }];
  const site: SiteConfig = {
    source: EMBEDDED_SOURCE,
    site: name,
    defaults: configSchema.shape.defaults.parse(undefined),
    hosts,
    endpoints: endpoints.endpoints,
    ...(ox ? { ox: ox.ox } : {}),
    thresholds: {},
  };
  const discovered = [...host.reasons, ...endpoints.reasons, ...(ox ? [ox.reason] : [])].map((r) => `${name}: ${r}`);
  return remember(deepFreeze({ site, warnings: [], rolesToDiscover: [], discovered }));
}
