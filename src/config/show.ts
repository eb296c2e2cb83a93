// `config show` and `config validate`: the effective config as YAML with every secret masked,
// and the list of problems a config file has.
import { stringify } from 'yaml';
import { redactor, Secret } from '../core/redact.js';
import type { HostSpec } from '../core/host.js';
import { ConfigError } from './errors.js';
import { asLoaded, type LoadedConfig } from './details.js';
import { loadConfigDetailed, type LoadOptions } from './load.js';
import type { SiteConfig } from './types.js';
import { UserError } from '../core/errors.js';

export function showConfig(config: LoadedConfig | SiteConfig): string {
  const loaded = asLoaded(config);
  const { site } = loaded;
  const doc: Record<string, unknown> = {
    source: site.source,
    site: site.site,
    defaults: site.defaults,
    hosts: Object.fromEntries(site.hosts.map((h) => [h.name, showHost(h)])),
    ...(site.clusters ? { clusters: site.clusters } : {}),
    endpoints: site.endpoints,
    ...(site.ox ? { ox: site.ox } : {}),
    ...(site.testUser ? { testUser: site.testUser } : {}),
    ...(site.imapAdmin ? { imapAdmin: site.imapAdmin } : {}),
    ...(site.tls ? { tls: site.tls } : {}),
    thresholds: site.thresholds,
    ...(site.seedDeviations ? { seedDeviations: site.seedDeviations } : {}),
  };
  if (loaded.discovered.length > 0) doc.discovered = loaded.discovered;
  if (loaded.rolesToDiscover.length > 0) doc.rolesDiscoveredAtRun = loaded.rolesToDiscover;
  // masked() turns every Secret into "<secret env:NAME>"; the redactor catches any value that slipped through.
  return redactor.redact(stringify(masked(doc), { lineWidth: 0 }));
}

function showHost(h: HostSpec): Record<string, unknown> {
  const t = h.transport;
  const cluster = h.cluster !== undefined ? { cluster: h.cluster } : {};
  return { roles: [...h.roles], ...cluster, ...(t.kind === 'local' ? { local: true } : { ssh: t.ssh }) };
}

function masked(value: unknown): unknown {
  if (value instanceof Secret) return value.toJSON();
  if (Array.isArray(value)) return value.map(masked);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, masked(v)]));
  return value;
}

export interface Validation {
  readonly source: string;
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

// Every problem of the config that would be used, without prompting for anything.
export async function validateConfig(o: LoadOptions = {}): Promise<Validation> {
  try {
    const loaded = await loadConfigDetailed({ ...o, mode: 'validate' });
    return { source: loaded.site.source, errors: [], warnings: loaded.warnings };
  } catch (err) {
    if (err instanceof ConfigError)
      return { source: o.explicitPath ?? 'config', errors: err.problems.map((p) => redactor.redact(p)), warnings: [] };
    if (err instanceof UserError)
      return { source: o.explicitPath ?? 'config', errors: [redactor.redact(err.message)], warnings: [] };
    throw err;
  }
}

export type { SiteConfig };
