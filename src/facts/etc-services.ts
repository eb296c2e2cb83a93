// /etc/services of a host: symbolic ports in master.cf and cyrus.conf resolve through it
// (RHEL5 maps "sieve" to 2000, current systems to 4190).
import { factKey, shared, type FactContext } from './context.js';
import { readText } from './read-text.js';

export type ServicePorts = ReadonlyMap<string, number>; // "name/proto" and each alias -> port

export function parseEtcServices(text: string): Map<string, number> {
  const ports = new Map<string, number>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    const m = /^(\S+)\s+(\d+)\/(\w+)(.*)$/.exec(line);
    if (!m) continue;
    const port = Number(m[2]);
    for (const name of [m[1] ?? '', ...(m[4] ?? '').trim().split(/\s+/).filter(Boolean)]) {
      const key = `${name}/${m[3]}`;
      if (!ports.has(key)) ports.set(key, port);
    }
  }
  return ports;
}

export const ETC_SERVICES_FACT = factKey<ServicePorts>('/etc/services');

export function etcServices(ctx: FactContext): Promise<ServicePorts> {
  return shared(
    ctx,
    ETC_SERVICES_FACT,
    async () => {
      const file = await readText({ transport: ctx.transport, record: () => undefined }, '/etc/services');
      return file ? parseEtcServices(file.text) : new Map<string, number>();
    },
    (m) => `${m.size} service names`,
  );
}

export function portOf(services: ServicePorts, name: string, proto = 'tcp'): number | undefined {
  if (/^\d+$/.test(name)) return Number(name);
  return services.get(`${name}/${proto}`);
}
