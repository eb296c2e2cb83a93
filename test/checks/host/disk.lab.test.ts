// log-inodes-full: the relay's /var/log has space but almost no inodes; host/disk must say so. OK after heal.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diskCheck } from '../../../checks/host/disk/index.js';
import { loadConfig } from '../../../src/config/index.js';
import type { Result } from '../../../src/core/result.js';
import { plan } from '../../../src/runner/plan.js';
import { Runner } from '../../../src/runner/runner.js';
import { TransportPool } from '../../../src/transport/index.js';
import { breakFault, healFault } from '../../lab/lab.js';

const CONFIG = fileURLToPath(new URL('../../lab/oxdoctor.yaml', import.meta.url));

async function diskOnRelay(): Promise<Result> {
  const site = await loadConfig({ explicitPath: CONFIG });
  const pool = new TransportPool();
  try {
    const runner = new Runner({ site, transportFor: (h) => pool.get(h) });
    const results = (await runner.sweep(plan([diskCheck], site.hosts))).results;
    return results.find((r) => r.host === 'relay')!;
  } finally {
    await pool.closeAll();
  }
}

describe('host/disk in the lab', () => {
  it('is CRIT on /var/log out of inodes while its bytes are fine, and OK after heal', async () => {
    await breakFault('log-inodes-full');
    let broken: Result;
    try {
      broken = await diskOnRelay();
    } finally {
      await healFault('log-inodes-full');
    }
    // catches: a file system out of inodes while it has space left (free inodes under disk.freeInodesPercent)
    expect(broken.status).toBe('crit');
    expect(broken.summary).toMatch(/^\/var\/log has [0-4](\.\d)?% of its inodes free \(\d+ of \d+; holds \/var\/log/);
    expect(broken.hint).toMatch(/find \/var\/log -xdev -type f/);
    expect(broken.steps.find((s) => s.name === '/var/log')?.status).toBe('ok');

    const healed = await diskOnRelay();
    expect(healed.status, healed.summary).toBe('ok');
    expect(healed.steps.find((s) => s.name === '/var/log inodes')?.status).toBe('ok');
  }, 120_000);
});
