// clamd-signatures-old: the relay's (local-only) signature files are 30 days old while clamd answers PONG;
// service/clamd must judge the files' age, not only the PING. OK again after heal.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { clamdCheck } from '../../../checks/service/clamd/index.js';
import { loadConfig } from '../../../src/config/index.js';
import type { Result } from '../../../src/core/result.js';
import { plan } from '../../../src/runner/plan.js';
import { Runner } from '../../../src/runner/runner.js';
import { TransportPool } from '../../../src/transport/index.js';
import { breakFault, healFault } from '../../lab/lab.js';

const CONFIG = fileURLToPath(new URL('../../lab/oxdoctor.yaml', import.meta.url));

async function clamdOnRelay(): Promise<Result> {
  const site = await loadConfig({ explicitPath: CONFIG });
  const pool = new TransportPool();
  try {
    const runner = new Runner({ site, transportFor: (h) => pool.get(h) });
    const results = (await runner.sweep(plan([clamdCheck], site.hosts))).results;
    return results.find((r) => r.host === 'relay')!;
  } finally {
    await pool.closeAll();
  }
}

describe('service/clamd in the lab', () => {
  it('is CRIT on 30-day-old local signature files though clamd answers PONG, and OK after heal', async () => {
    await breakFault('clamd-signatures-old');
    let broken: Result;
    try {
      broken = await clamdOnRelay();
    } finally {
      await healFault('clamd-signatures-old');
    }
    expect(broken.status).toBe('crit');
    expect(broken.summary).toMatch(/^newest local signature file \/var\/lib\/clamav\/lab\.ndb is 72\d(\.\d)? h old /);
    expect(broken.steps[0]?.summary).toMatch(/answers PONG/);
    expect(broken.hint).toMatch(/clamdscan --reload/);
    expect(broken.metrics.find((m) => m.label === 'signature_files_age')?.value).toBeGreaterThan(719);

    const healed = await clamdOnRelay();
    expect(healed.status, healed.summary).toBe('ok');
    expect(healed.summary).toMatch(/answers PONG .*; newest local signature file \/var\/lib\/clamav\/lab\.ndb is /);
  }, 120_000);
});
