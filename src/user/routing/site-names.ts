// Configured hosts by address, for sentences ("serverb 127.0.10.4:10025") and for where a copy must go.
import type { SiteConfig } from '../../core/site.js';
import { addressOf } from '../../checkkit/receiving-host.js';
import type { ArchiveHostAt } from './archive-bound.js';

// The configured host (or Exchange) at an address.
export function nameAt(site: SiteConfig): (address: string) => string | undefined {
  return (address) =>
    site.hosts.find((h) => addressOf(h) === address)?.name ??
    (site.endpoints.exchange?.host === address ? 'Exchange' : undefined);
}

// The archive host at an address (or by name); null when the site configures no archive host.
export function archiveHostAt(site: SiteConfig): ArchiveHostAt {
  const archives = site.hosts.filter((h) => h.roles.includes('archive'));
  if (archives.length === 0) return null;
  return (address) => archives.find((h) => addressOf(h) === address || h.name === address)?.name;
}
