// Where the CLI meets the other parts: config loading, the check catalogue and the transports.
// Everything is imported lazily so --version and --help load none of it.
import type { Check } from '../core/check.js';
import { TransportError, UserError } from '../core/errors.js';
import type { HostSpec } from '../core/host.js';
import type { LoadedConfig } from '../config/index.js';
import type { SiteConfig } from '../config/types.js';
import type { TransportPool } from '../transport/index.js';

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
}

// Fills roles the config leaves to discovery, reading each such host's files over its transport.
export async function completeSite(loaded: LoadedConfig, transports: TransportPool): Promise<CompletedSite> {
  const unreachable = new Map<string, TransportError>();
  if (loaded.rolesToDiscover.length === 0) return { site: loaded.site, unreachable };
  const { completeFromHosts } = await import('../config/index.js');
  const completed = await completeFromHosts(loaded, (host: HostSpec) => ({
    readFile: async (path, options) => {
      try {
        return await transports.get(host).readFile(path, options);
      } catch (err) {
        if (err instanceof TransportError) unreachable.set(host.name, err);
        throw err;
      }
    },
  }));
  return { site: completed.site, unreachable };
}

export async function openTransports(): Promise<TransportPool> {
  const { TransportPool } = await import('../transport/index.js');
  return new TransportPool();
}

// The catalogue's module is held in a variable so this file compiles before checks/index.ts exists.
const CHECKS_MODULE = '../../checks/index.js';

export async function loadChecks(): Promise<readonly Check[]> {
  let mod: { checks?: readonly Check[] };
  try {
    mod = (await import(CHECKS_MODULE)) as typeof mod;
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String(err).includes('checks/index.js')) {
      throw new UserError('the check catalogue is not available in this build of oxdoctor');
    }
    throw err;
  }
  if (!Array.isArray(mod.checks)) throw new UserError('the check catalogue is not available in this build of oxdoctor');
  return mod.checks;
}
