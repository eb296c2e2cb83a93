// /etc/cyrus.conf of a host, with its listeners' symbolic ports resolved through the host's /etc/services.
import {
  cyrusServices,
  parseCyrusConf,
  type CyrusConf,
  type CyrusListen,
  type CyrusService,
} from '../cyrus/cyrus-conf.js';
import { factKey, shared, type FactContext } from './context.js';
import { etcServices, portOf } from './etc-services.js';
import { readText } from './read-text.js';

export const CYRUS_CONF_PATH = '/etc/cyrus.conf';

export interface CyrusConfFacts {
  readonly conf: CyrusConf;
  readonly services: readonly CyrusService[]; // listen ports filled in from /etc/services where symbolic
}

export const CYRUS_CONF_FACT = factKey<CyrusConfFacts | null>('cyrus.conf');

export function cyrusConf(ctx: FactContext): Promise<CyrusConfFacts | null> {
  return shared(
    ctx,
    CYRUS_CONF_FACT,
    async () => {
      const file = await readText(ctx, CYRUS_CONF_PATH);
      if (!file) return null;
      const conf = parseCyrusConf(file.text);
      const services = cyrusServices(conf);
      const needsLookup = services.some((s) => s.listen.kind === 'inet' && s.listen.serviceName !== undefined);
      const ports = needsLookup ? await etcServices(ctx) : new Map<string, number>();
      return { conf, services: services.map((s) => ({ ...s, listen: resolve(s.listen, ports) })) };
    },
    (f) => (f ? `${f.services.length} listening services` : `${CYRUS_CONF_PATH} not found`),
  );
}

// The host's /etc/services wins over the built-in names: it is what cyrus itself uses.
function resolve(listen: CyrusListen, ports: ReadonlyMap<string, number>): CyrusListen {
  if (listen.kind !== 'inet' || listen.serviceName === undefined) return listen;
  const port = portOf(ports, listen.serviceName) ?? listen.port;
  return port === undefined ? listen : { ...listen, port };
}
