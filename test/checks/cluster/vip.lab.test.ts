// cluster/vip on the lab: server A is node8888 (servera, 127.0.10.2, the VIP) and node9999 (servera2, 127.0.10.3,
// sshd, tomcat and apache only). The lab's hosts share one network stack, so the VIP cannot move; the decision
// is tested by pointing the config's VIP at other hosts' sshd instead: servera2's (node9999 holds it), serverb's
// (a key of no node) and an address nobody answers on.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { publicKey } from '../../../src/cluster/node-view.js';
import { labPaths } from '../../lab/lab.js';
import { checks } from '../../../checks/index.js';
import { vipCheck } from '../../../checks/cluster/vip.js';
import { depthCheck } from '../../../checks/queue/depth/index.js';
import { smtpCheck } from '../../../checks/service/smtp/index.js';
import { httpCheck } from '../../../checks/service/http.js';
import type { SiteConfig } from '../../../src/config/types.js';
import type { Result } from '../../../src/core/result.js';
import { labSite, runChecksAll as runChecks, show } from '../mailbox/run.js';

let site: SiteConfig;
beforeAll(async () => {
  site = await labSite();
});

const on = (results: readonly Result[], check: string, host: string) =>
  results.find((r) => r.check === check && r.host === host)!;
const withVip = (vip: string): SiteConfig => ({ ...site, clusters: { servera: { vip } } });
const FINGERPRINT = /SHA256:[A-Za-z0-9+/]{43}/;

describe('cluster/vip on the lab', () => {
  it('the healthy sweep is OK on servera2 and in cluster/vip: servera holds the VIP, servera2 reports the cluster services standby', async () => {
    const results = await runChecks(site, checks);
    // Other hosts' findings are their checks' business (a log of earlier fault tests may still show there).
    const ours = results.filter((r) => r.host === 'servera2' || r.check.startsWith('cluster/'));
    expect(
      ours.filter((r) => r.status !== 'ok'),
      show(results),
    ).toEqual([]);
    expect([...new Set(results.map((r) => r.host))].sort()).toEqual(['relay', 'servera', 'servera2', 'serverb']);
    const vip = on(results, 'cluster/vip', 'servera');
    expect(vip.summary).toMatch(
      /^servera \(node8888\.example\.com\) holds the VIP 127\.0\.10\.2 of cluster servera \(its SSH host key answers at 127\.0\.10\.2:22\); servera2 \(node9999\.example\.com\) is standby$/,
    );
    expect(on(results, 'cluster/vip', 'servera2').summary).toBe(vip.summary);
    // The key answering at the VIP is the one servera's own connection verified against known_hosts.
    const servera = on(results, 'host/ssh', 'servera').summary.match(FINGERPRINT)![0];
    expect(vip.steps.find((s) => s.name === '127.0.10.2:22')?.summary).toContain(`host key ${servera}`);
    expect(on(results, 'cluster/vip', 'serverb').summary).toBe(
      'serverb is no cluster node (no cluster: in its config): no VIP to follow',
    );
    expect(on(results, 'service/smtp', 'servera2').summary).toBe(
      'servera2 is the standby node of cluster servera (servera holds the VIP 127.0.10.2): postfix runs on servera',
    );
    expect(on(results, 'mailbox/imap-login', 'servera2').summary).toMatch(/: cyrus-imapd runs on servera$/);
    // Checks of every node run on the standby as on the holder.
    expect(on(results, 'service/http', 'servera2').summary).not.toMatch(/standby/);
    expect(on(results, 'cluster/ajp-routes', 'servera2').summary).toMatch(/route OX-2/);
    // The holder's own checks of the cluster services really ran.
    expect(on(results, 'service/smtp', 'servera').summary).not.toMatch(/standby/);
    // The decision was made once for the cluster; the other checks name it as computed earlier.
    const computed = results.filter((r) => r.evidence.some((e) => e.label === 'cluster servera: VIP 127.0.10.2'));
    expect(computed, show(computed)).toHaveLength(1);
  });

  it("with the VIP on servera2's address, node9999 holds it and servera's postfix checks say standby", async () => {
    const results = await runChecks(withVip('127.0.10.3'), [vipCheck, smtpCheck, depthCheck, httpCheck]);
    const vip = on(results, 'cluster/vip', 'servera');
    expect(vip.status, show(results)).toBe('ok');
    expect(vip.summary).toMatch(
      /^servera2 \(node9999\.example\.com\) holds the VIP 127\.0\.10\.3 of cluster servera \(its SSH host key answers at 127\.0\.10\.3:22\); servera \(node8888\.example\.com\) is standby$/,
    );
    for (const check of ['service/smtp', 'queue/depth']) {
      const r = on(results, check, 'servera');
      expect(r.status).toBe('ok');
      expect(r.summary).toBe(
        'servera is the standby node of cluster servera (servera2 holds the VIP 127.0.10.3): postfix runs on servera2',
      );
    }
    // node9999 now runs them for real, and has no postfix: its own checks say so.
    expect(on(results, 'service/smtp', 'servera2').summary).not.toMatch(/standby/);
    expect(on(results, 'service/smtp', 'servera2').status).not.toBe('ok');
    expect(on(results, 'service/http', 'servera').status).toBe('ok');
  });

  it("is CRIT on both nodes when the VIP answers with serverb's host key, a key of no node", async () => {
    const results = await runChecks(withVip('127.0.10.4'), [vipCheck, smtpCheck]);
    for (const host of ['servera', 'servera2']) {
      const r = on(results, 'cluster/vip', host);
      expect(r.status, show(results)).toBe('crit');
      expect(r.summary).toMatch(
        /^the VIP 127\.0\.10\.4 answers SSH with host key SHA256:\S+ \(ssh-ed25519\), which is no node's of cluster servera \(servera: SHA256:\S+; servera2: SHA256:\S+\): another machine holds 127\.0\.10\.4$/,
      );
      expect(r.hint).toMatch(/ssh-keyscan 127\.0\.10\.4/);
    }
    // With no holder known, the cluster's checks run on each node as on any host.
    expect(on(results, 'service/smtp', 'servera').status).toBe('ok');
    expect(on(results, 'service/smtp', 'servera').summary).not.toMatch(/standby/);
    // The key named is serverb's own, as its sshd has it on disk.
    const pub = readFileSync(join((await labPaths()).state, 'hosts/serverb/etc/ssh/ssh_host_ed25519_key.pub'), 'utf8');
    expect(on(results, 'cluster/vip', 'servera').summary).toContain(`host key ${publicKey(pub)!.fingerprint} `);
  });

  it('still names servera as the holder when the standby node servera2 is down, within the deadline', async () => {
    const down: SiteConfig = {
      ...site,
      hosts: site.hosts.map((h) =>
        h.name === 'servera2' && h.transport.kind === 'ssh'
          ? { ...h, transport: { kind: 'ssh', ssh: { ...h.transport.ssh, hostname: '127.0.10.99' } } }
          : h,
      ),
    };
    const results = await runChecks(down, [vipCheck, smtpCheck]);
    const vip = on(results, 'cluster/vip', 'servera');
    expect(vip.status, show(results)).toBe('ok');
    expect(vip.summary).toMatch(
      /^servera \(node8888\.example\.com\) holds the VIP 127\.0\.10\.2 .*; servera2 is standby$/,
    );
    expect(vip.steps.find((s) => s.name === 'servera2')?.summary).toMatch(/host keys unknown; interfaces not read \(/);
    expect(on(results, 'service/smtp', 'servera').summary).not.toMatch(/standby/);
    expect(on(results, 'cluster/vip', 'servera2').summary).toMatch(/^not run: servera2 unreachable/);
  });

  it('is CRIT when the VIP answers nobody and no node carries it', async () => {
    const results = await runChecks(withVip('127.0.10.99'), [vipCheck]);
    const r = on(results, 'cluster/vip', 'servera');
    expect(r.status, show(results)).toBe('crit');
    expect(r.summary).toMatch(
      /^the VIP 127\.0\.10\.99 of cluster servera answers nobody: SSH at 127\.0\.10\.99:22 refused the connection \(.*\), and no node's interfaces carry it$/,
    );
    expect(r.hint).toMatch(/clustat/);
  });
});
