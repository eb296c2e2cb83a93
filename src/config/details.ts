// A loaded config with what came with it: warnings, hosts still to discover, where discovered values came from.
import type { SiteConfig } from './types.js';

export interface LoadedConfig {
  readonly site: SiteConfig;
  readonly warnings: readonly string[];
  // Hosts whose roles the config omits and that are reached over SSH: completeFromHosts fills them.
  readonly rolesToDiscover: readonly string[];
  // Where discovered roles and endpoints came from, for `config show`.
  readonly discovered: readonly string[];
}

// Loaded configs by their site, so a caller holding only the SiteConfig can still complete it or show it.
const details = new WeakMap<SiteConfig, LoadedConfig>();

export function detailsOf(site: SiteConfig): LoadedConfig {
  return details.get(site) ?? { site, warnings: [], rolesToDiscover: [], discovered: [] };
}

export function asLoaded(config: LoadedConfig | SiteConfig): LoadedConfig {
  return 'rolesToDiscover' in config ? config : detailsOf(config);
}

export function remember(loaded: LoadedConfig): LoadedConfig {
  details.set(loaded.site, loaded);
  return loaded;
}
