// Where the CLI meets the parts written alongside it: config loading, the check catalogue and the
// transports. Everything is imported lazily so --version and --help load none of it.
import type { Check } from '../core/check.js';
import type { HostSpec } from '../core/host.js';
import { UserError } from '../core/errors.js';
import type { SiteConfig } from '../config/types.js';
import type { Transport } from '../transport/types.js';

export interface LoadSiteOptions {
  readonly configPath?: string;
  readonly env: NodeJS.ProcessEnv;
}

export interface Transports {
  get(host: HostSpec): Transport;
  closeAll(): Promise<void>;
}

// Module specifiers held in variables, so this file compiles before those modules exist.
const CONFIG_MODULE = '../config/load.js';
const CHECKS_MODULE = '../../checks/index.js';
const TRANSPORT_MODULE = '../transport/index.js';

export async function loadSite(options: LoadSiteOptions): Promise<SiteConfig> {
  const mod = (await importPart(CONFIG_MODULE, 'configuration loading')) as {
    loadConfig?: (o: { path?: string; env: NodeJS.ProcessEnv }) => Promise<SiteConfig>;
  };
  if (typeof mod.loadConfig !== 'function') throw missing('configuration loading');
  return mod.loadConfig({ path: options.configPath, env: options.env });
}

export async function loadChecks(): Promise<readonly Check[]> {
  const mod = (await importPart(CHECKS_MODULE, 'the check catalogue')) as { checks?: readonly Check[] };
  if (!Array.isArray(mod.checks)) throw missing('the check catalogue');
  return mod.checks;
}

export async function openTransports(): Promise<Transports> {
  const mod = (await importPart(TRANSPORT_MODULE, 'the transports')) as {
    TransportPool?: new () => Transports;
  };
  if (typeof mod.TransportPool !== 'function') throw missing('the transports');
  return new mod.TransportPool();
}

async function importPart(specifier: string, what: string): Promise<unknown> {
  try {
    return await import(specifier);
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String((err as Error).message).includes(specifier.replace(/^(\.\.\/)+/, ''))) {
      throw missing(what);
    }
    throw err;
  }
}

function missing(what: string): UserError {
  return new UserError(`${what} is not available in this build of oxdoctor`);
}
