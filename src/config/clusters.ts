// The clusters of a config file: every cluster a host names is declared under `clusters`, and every declared
// cluster has a node; one problem per line, where the name is written.
import type { ClusterSpec } from '../core/site.js';
import type { ConfigFile } from './schema.js';
import type { KeyPath } from './yaml-path.js';

type At = (path: KeyPath, message: string) => string;

export function clusterProblems(cfg: ConfigFile, at: At): string[] {
  const declared = Object.keys(cfg.clusters);
  const named = new Set<string>();
  const problems: string[] = [];
  for (const [host, entry] of Object.entries(cfg.hosts)) {
    if (entry.cluster === undefined) continue;
    named.add(entry.cluster);
    if (!Object.hasOwn(cfg.clusters, entry.cluster)) {
      const known = declared.length > 0 ? `declared: ${declared.join(', ')}` : 'no clusters are declared';
      problems.push(
        at(
          ['hosts', host, 'cluster'],
          `cluster "${entry.cluster}" is not declared (${known}); add clusters: { ${entry.cluster}: { vip: ADDRESS } }`,
        ),
      );
    }
  }
  for (const name of declared) {
    if (!named.has(name)) {
      problems.push(at(['clusters', name], `no host is a node of this cluster (set cluster: ${name} on its nodes)`));
    }
  }
  return problems;
}

// The clusters as the site sees them, or nothing when the config declares none.
export function clustersOf(cfg: ConfigFile): { clusters?: Readonly<Record<string, ClusterSpec>> } {
  const entries = Object.entries(cfg.clusters);
  return entries.length > 0 ? { clusters: Object.fromEntries(entries.map(([n, c]) => [n, { vip: c.vip }])) } : {};
}
