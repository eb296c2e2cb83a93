// main.cf (effective values from postconf) and master.cf -o overrides, with the postconf commands that fix them.
import type { CheckContext } from '../../../src/core/check.js';
import { masterCf } from '../../../src/facts/master-cf.js';
import { postconf, type PostconfFacts } from '../../../src/facts/postconf.js';
import { findService, splitInetName, type MasterService } from '../../../src/postfix/master-cf.js';
import type { SeedSetting, ServiceRef } from '../../../src/seed/types.js';
import type { Observation, Once } from './observation.js';

export async function readMainCf(ctx: CheckContext, s: SeedSetting, once: Once): Promise<Observation> {
  const pc = await once('postconf', () => postconf(ctx));
  if (!pc.available) return { notHere: 'no postfix configuration' };
  return {
    label: s.key,
    expected: s.expected,
    value: effective(pc, s.key),
    where: pc.source === 'postconf' ? 'postconf' : `${pc.configDirectory}/main.cf`,
    fix: (v) => `postconf -e '${s.key} = ${v ?? ''}' && postfix reload`,
  };
}

export async function readMasterCf(ctx: CheckContext, s: SeedSetting, once: Once): Promise<Observation> {
  const [pc, master] = await Promise.all([once('postconf', () => postconf(ctx)), once('master', () => masterCf(ctx))]);
  if (!pc.available || !master.found) return { notHere: 'no postfix configuration' };
  const ref = s.service!;
  const service = serviceFor(master.services, ref);
  const label = `${service?.name ?? ref.name} -o ${s.key}`;
  if (!service) {
    return {
      label,
      expected: s.expected,
      value: undefined,
      where: `${master.path} has no ${ref.name} ${ref.type} service`,
      fix: (v) =>
        `add the seed's ${ref.name} service with "-o ${s.key}=${v ?? ''}" to ${master.path}, then postfix reload`,
    };
  }
  const own = service.overrides.get(s.key);
  const fix = (v: string | null): string =>
    newerThan(pc.mailVersion, [2, 11])
      ? `postconf -P '${service.name}/${service.type}/${s.key}=${v ?? ''}' && postfix reload`
      : `set "-o ${s.key}=${v ?? ''}" on the ${service.name} service in ${master.path} line ${service.line}, then postfix reload`;
  if (own !== undefined)
    return { label, expected: s.expected, value: own, where: `${master.path} line ${service.line}`, fix };
  // No -o: the service runs with main.cf's value (or postfix's default).
  return {
    label,
    expected: s.expected,
    value: effective(pc, s.key),
    where: `main.cf (no -o on ${master.path} line ${service.line})`,
    fix,
  };
}

// The value postfix runs with: postconf's effective value (defaults included; the postconf fact asks for every
// seed parameter), else main.cf's line (no postconf, or an old postfix that does not know the name).
function effective(pc: PostconfFacts, key: string): string | undefined {
  return pc.effective.get(key) ?? pc.params.get(key);
}

function serviceFor(services: readonly MasterService[], ref: ServiceRef): MasterService | undefined {
  if (ref.port === undefined) return findService(services, ref.name, ref.type);
  // The address part is the site's (localhost or 127.0.0.1 or none): the port identifies the listener.
  for (let i = services.length - 1; i >= 0; i--) {
    const s = services[i];
    if (s && s.type === 'inet' && splitInetName(s.name).port === ref.port) return s;
  }
  return undefined;
}

// postconf -P exists from postfix 2.11 on; 2.3 (RHEL5) needs the file edited.
function newerThan(version: string | undefined, [major, minor]: [number, number]): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version ?? '');
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a > major || (a === major && b >= minor);
}
