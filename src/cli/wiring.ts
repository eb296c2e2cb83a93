// Where the CLI meets the other parts: config loading, the check catalogue and the transports.
// Everything is imported lazily so --version and --help load none of it.
import type { Check } from '../core/check.js';
import { TransportError } from '../core/errors.js';
import type { HostSpec } from '../core/host.js';
import type { LoadedConfig } from '../config/index.js';
import type { SiteConfig } from '../config/types.js';
import type { LocalTransportOptions } from '../transport/local.js';
import type { Transport } from '../transport/types.js';

export interface LoadSiteOptions {
  readonly configPath?: string;
  readonly env: NodeJS.ProcessEnv;
  readonly isTTY: boolean;
  readonly mode?: 'resolve' | 'validate';
}

export async function loadSite(o: LoadSiteOptions): Promise<LoadedConfig> {
  const { loadConfigDetailed } = await import('../config/index.js');
  return loadConfigDetailed({ explicitPath: o.configPath, env: o.env, isTTY: o.isTTY, mode: o.mode ?? 'resolve' });
}

export interface CompletedSite {
  readonly site: SiteConfig;
  // Hosts whose connection already failed while their roles were discovered: not retried in the sweep.
  readonly unreachable: ReadonlyMap<string, TransportError>;
  readonly discoveredFor: readonly string[]; // hosts whose roles were read from their files
}

// Fills roles the config leaves to discovery, reading each such host's files over its transport.
// Only the selected hosts are asked (all when none are): an unselected dead host costs nothing.
// With a signal (the --timeout budget), reads still waiting when it fires give up.
export async function completeSite(
  loaded: LoadedConfig,
  transports: Transports,
  selected: readonly string[] = [],
  signal?: AbortSignal,
): Promise<CompletedSite> {
  const unreachable = new Map<string, TransportError>();
  const wanted = (name: string): boolean => selected.length === 0 || selected.includes(name);
  const toDiscover = loaded.rolesToDiscover.filter(wanted);
  if (toDiscover.length === 0) return { site: loaded.site, unreachable, discoveredFor: [] };
  const { completeFromHosts } = await import('../config/index.js');
  const subset: LoadedConfig = {
    ...loaded,
    site: { ...loaded.site, hosts: loaded.site.hosts.filter((h) => wanted(h.name)) },
    rolesToDiscover: toDiscover,
  };
  const completed = await completeFromHosts(subset, (host: HostSpec) => ({
    readFile: async (path, options) => {
      try {
        const signals = [options?.signal, signal].filter((x): x is AbortSignal => x !== undefined);
        const bounded = signals.length === 0 ? options : { ...options, signal: AbortSignal.any(signals) };
        return await transports.get(host).readFile(path, bounded);
      } catch (err) {
        if (err instanceof TransportError) unreachable.set(host.name, err);
        throw err;
      }
    },
  }));
  const found = new Map(completed.site.hosts.map((h) => [h.name, h]));
  const hosts = loaded.site.hosts.map((h) => found.get(h.name) ?? h);
  return { site: { ...completed.site, hosts }, unreachable, discoveredFor: toDiscover };
}

export interface Transports {
  get(host: HostSpec): Transport;
  closeAll(): Promise<void>;
}

// Starts the SSH connections of the selected hosts at once, beside whatever comes next (role discovery
// reads files over them). Nothing waits here: each host's checks join its own connection attempt in the
// runner, so a dead host delays only itself.
export function startConnecting(hosts: readonly HostSpec[], transports: Transports): void {
  for (const h of hosts) {
    if (h.transport.kind === 'ssh')
      transports
        .get(h)
        .ensureConnected()
        .catch(() => undefined);
  }
}

// Only runs that reach a host over SSH load ssh2 (it costs about 170 ms of startup).
// local: how commands on this machine start (the dashboard's childNice).
export async function openTransports(
  hosts: readonly HostSpec[],
  local: LocalTransportOptions = {},
): Promise<Transports> {
  if (hosts.some((h) => h.transport.kind === 'ssh')) {
    const { TransportPool } = await import('../transport/index.js');
    return new TransportPool(undefined, local);
  }
  const { LocalTransport } = await import('../transport/local.js');
  const made = new Map<string, Transport>();
  return {
    get: (host) => {
      let t = made.get(host.name);
      if (!t) made.set(host.name, (t = new LocalTransport(host.name, local)));
      return t;
    },
    closeAll: async () => {
      await Promise.allSettled([...made.values()].map((t) => t.close()));
    },
  };
}

export async function loadChecks(): Promise<readonly Check[]> {
  const { checks } = await import('../../checks/index.js');
  return checks;
}
