// master.cf of a host, read from postfix's own config directory.
import { inetListeners, parseMasterCf, type InetListener, type MasterService } from '../postfix/master-cf.js';
import { factKey, shared, type FactContext } from './context.js';
import { etcServices, portOf } from './etc-services.js';
import { postconf } from './postconf.js';
import { readText } from './read-text.js';

export interface MasterCfFacts {
  readonly path: string;
  readonly found: boolean;
  readonly services: readonly MasterService[];
}

export const MASTER_CF_FACT = factKey<MasterCfFacts>('master.cf');

export function masterCf(ctx: FactContext): Promise<MasterCfFacts> {
  return shared(
    ctx,
    MASTER_CF_FACT,
    async () => {
      const { configDirectory } = await postconf(ctx);
      const path = `${configDirectory}/master.cf`;
      const file = await readText(ctx, path);
      return { path, found: file !== null, services: file ? parseMasterCf(file.text) : [] };
    },
    (f) => (f.found ? `${f.services.length} services in ${f.path}` : `${f.path} not found`),
  );
}

// The inet listeners of master.cf, with ports given by name resolved through the host's /etc/services.
export async function inetListenersOf(ctx: FactContext): Promise<InetListener[]> {
  const listeners = inetListeners((await masterCf(ctx)).services);
  if (!listeners.some((l) => l.port === undefined && l.serviceName !== undefined)) return listeners;
  const ports = await etcServices(ctx);
  return listeners.map((l) => {
    const port = l.port === undefined && l.serviceName !== undefined ? portOf(ports, l.serviceName) : undefined;
    return port === undefined ? l : { ...l, port };
  });
}
