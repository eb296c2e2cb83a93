// cluster/ajp-routes on the lab: node8888 (servera) and node9999 (servera2, not in oxdoctor's config) behind
// Apache's balancer; balancer-route-mismatch restarts node8888 with route OX-3 while Apache expects OX-1.
import { beforeAll, describe, expect, it } from 'vitest';
import { ajpRoutesCheck } from '../../../checks/cluster/ajp-routes.js';
import type { SiteConfig } from '../../../src/config/types.js';
import type { Result } from '../../../src/core/result.js';
import { breakFault, healFault } from '../../lab/lab.js';
import { labSite, runChecks, show } from '../mailbox/run.js';

let site: SiteConfig;
beforeAll(async () => {
  site = await labSite();
});

const on = (results: readonly Result[], host: string) => results.find((r) => r.host === host)!;

describe('cluster/ajp-routes on the lab', () => {
  it('is OK: both members answer with the routes Apache expects, the peer is the hot standby; serverb has no balancer', async () => {
    const results = await runChecks(site, [ajpRoutesCheck]);
    const a = on(results, 'servera');
    expect(a.status, show(results)).toBe('ok');
    expect(a.steps.map((s) => s.name)).toEqual([
      'ajp://127.0.10.2:8009 route=OX-1',
      'ajp://127.0.10.3:8009 route=OX-2 +H',
      'balancer://oxcluster',
    ]);
    expect(a.summary).toContain('the OX node at ajp://127.0.10.3:8009 runs with route OX-2 as the balancer expects');
    expect(a.evidence.some((e) => /JSESSIONID=[0-9A-F]+\.OX-2/.test(e.text))).toBe(true);
    const b = on(results, 'serverb');
    expect(b.status).toBe('ok');
    expect(b.summary).toMatch(
      /no balancer in Apache's config: it proxies \/ajax straight to ajp:\/\/127\.0\.10\.4:8009/,
    );
  });

  it('is CRIT naming the node, its route and the expected one under balancer-route-mismatch, OK after heal', async () => {
    await breakFault('balancer-route-mismatch');
    let broken: Result[];
    try {
      broken = await runChecks(site, [ajpRoutesCheck]);
    } finally {
      await healFault('balancer-route-mismatch');
    }
    const a = on(broken, 'servera');
    expect(a.status, show(broken)).toBe('crit');
    expect(a.summary).toBe(
      "servera's own OX node (ajp://127.0.10.2:8009) has AJP_JVM_ROUTE OX-3 (/opt/open-xchange/etc/groupware/ajp.properties) but the balancer oxcluster expects route=OX-1 for it (/etc/apache2/conf-enabled/proxy_ajp.conf line 16): sessions lose stickiness: requests of one login land on the other node, which does not know the session (users are logged out at random)",
    );
    expect(a.hint).toMatch(/set AJP_JVM_ROUTE:OX-1 in .*ajp\.properties and restart OX, or set route=OX-3/);

    const healed = await runChecks(site, [ajpRoutesCheck]);
    expect(
      healed.filter((r) => r.status !== 'ok'),
      show(healed),
    ).toEqual([]);
  });
});
