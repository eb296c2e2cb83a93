// Runs chosen checks through the real runner against the lab (test/lab/oxdoctor.yaml), fresh connections each time.
import { fileURLToPath } from 'node:url';
import type { Check } from '../../../src/core/check.js';
import { loadConfig } from '../../../src/config/index.js';
import type { Result } from '../../../src/core/result.js';
import { plan } from '../../../src/runner/plan.js';
import { Runner } from '../../../src/runner/runner.js';
import { TransportPool } from '../../../src/transport/index.js';
import type { SiteConfig } from '../../../src/config/types.js';

export const LAB_CONFIG = fileURLToPath(new URL('../../lab/oxdoctor.yaml', import.meta.url));

export function labSite(): Promise<SiteConfig> {
  return loadConfig({ explicitPath: LAB_CONFIG });
}

// The results of the hosts where the chosen checks run: a cluster's standby node (servera2) reports the checks of
// what the cluster starts as standby, which test/checks/cluster/vip.lab.test.ts tests (with runChecksAll).
export async function runChecks(site: SiteConfig, chosen: readonly Check[]): Promise<Result[]> {
  return (await runChecksAll(site, chosen)).filter((r) => !STANDBY.test(r.summary));
}

export const STANDBY = /^\S+ is the standby node of cluster /;

export async function runChecksAll(site: SiteConfig, chosen: readonly Check[]): Promise<Result[]> {
  const pool = new TransportPool();
  try {
    const runner = new Runner({ site, transportFor: (h) => pool.get(h) });
    return [...(await runner.sweep(plan([...chosen], site.hosts))).results];
  } finally {
    await pool.closeAll();
  }
}

export function show(results: readonly Result[]): string {
  return results.map((r) => `${r.check}@${r.host} ${r.status}: ${r.summary}`).join('\n');
}
