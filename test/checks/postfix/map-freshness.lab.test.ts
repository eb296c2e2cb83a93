// postfix/map-freshness on the lab: OK on every host when healthy; postmap-not-run names server A's transport map.
import { beforeAll, describe, expect, it } from 'vitest';
import { mapFreshnessCheck } from '../../../checks/postfix/map-freshness.js';
import type { SiteConfig } from '../../../src/config/types.js';
import type { Result } from '../../../src/core/result.js';
import { breakFault, healFault } from '../../lab/lab.js';
import { labSite, runChecks, show } from '../mailbox/run.js';

let site: SiteConfig;
beforeAll(async () => {
  site = await labSite();
});

describe('postfix/map-freshness on the lab', () => {
  it('is OK on relay, servera and serverb, naming the transport maps it compared', async () => {
    const results = await runChecks(site, [mapFreshnessCheck]);
    expect(results.map((r) => r.host).sort()).toEqual(['relay', 'servera', 'serverb']);
    expect(
      results.filter((r) => r.status !== 'ok'),
      show(results),
    ).toEqual([]);
    expect(results.find((r) => r.host === 'servera')?.summary).toMatch(/hash:\/etc\/postfix\/transport/);
  }, 60_000);

  it('postmap-not-run: CRIT on servera naming the stale map and the postmap command; OK after heal', async () => {
    await breakFault('postmap-not-run');
    let broken: Result[];
    try {
      broken = await runChecks(site, [mapFreshnessCheck]);
    } finally {
      await healFault('postmap-not-run');
    }
    const a = broken.find((r) => r.host === 'servera')!;
    expect(a.status, show(broken)).toBe('crit');
    expect(a.summary).toMatch(
      /\/etc\/postfix\/transport was edited \d+ s after \/etc\/postfix\/transport\.db was built \(used by transport_maps\)/,
    );
    expect(a.hint).toMatch(/postmap hash:\/etc\/postfix\/transport/);
    expect(
      broken.filter((r) => r.host !== 'servera' && r.status !== 'ok'),
      show(broken),
    ).toEqual([]);
    const healed = await runChecks(site, [mapFreshnessCheck]);
    expect(
      healed.filter((r) => r.status !== 'ok'),
      show(healed),
    ).toEqual([]);
  }, 120_000);
});
