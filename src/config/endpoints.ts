// Endpoints a config names, and filling the ones it omits from discovery.
import type { SiteConfig } from './types.js';

const ENDPOINT_KEYS = ['ldap', 'kerberos', 'exchange', 'vip'] as const;

export function missingEndpoints(e: SiteConfig['endpoints']): (typeof ENDPOINT_KEYS)[number][] {
  return ENDPOINT_KEYS.filter((k) => e[k] === undefined);
}

// What the config says wins; discovery only fills what it omits.
export function fillEndpoints(given: SiteConfig['endpoints'], found: SiteConfig['endpoints']): SiteConfig['endpoints'] {
  const out: Record<string, unknown> = { ...given };
  for (const k of ENDPOINT_KEYS) if (out[k] === undefined && found[k] !== undefined) out[k] = found[k];
  return out as SiteConfig['endpoints'];
}
