import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigText, showConfig } from '../../src/config/index.js';

const TWO_NODES = `hosts:
  servera: { address: 192.168.109.114, roles: [groupware], cluster: servera }
  servera2: { address: 192.168.109.115, roles: [groupware], cluster: servera }
  serverb: { address: 192.168.109.104, roles: [groupware, archive] }
clusters:
  servera: { vip: 192.168.109.113 }
`;

const load = (text: string) => loadConfigText(text, 'site.yaml', { env: {}, home: '/nonexistent', sshConfigFiles: [] });

describe('clusters in the config', () => {
  it('gives each node its cluster and the site the cluster with its VIP', async () => {
    const { site } = await load(TWO_NODES);
    expect(site.hosts.map((h) => [h.name, h.cluster])).toEqual([
      ['servera', 'servera'],
      ['servera2', 'servera'],
      ['serverb', undefined],
    ]);
    expect(site.clusters).toEqual({ servera: { vip: '192.168.109.113' } });
    expect(site.hosts[2]).not.toHaveProperty('cluster');
  });

  it('leaves clusters out of a site without any', async () => {
    const { site } = await load('hosts:\n  relay: { address: 10.0.0.1, roles: [relay] }\n');
    expect(site).not.toHaveProperty('clusters');
  });

  it('takes an IPv6 VIP', async () => {
    const { site } = await load(TWO_NODES.replace('192.168.109.113', 'fd00::113'));
    expect(site.clusters?.servera?.vip).toBe('fd00::113');
  });

  it("shows the clusters and each node's cluster in config show", async () => {
    const shown = showConfig(await load(TWO_NODES));
    expect(shown).toMatch(/servera2:\n {4}roles:\n {6}- groupware\n {4}cluster: servera\n/);
    expect(shown).toContain('clusters:\n  servera:\n    vip: 192.168.109.113\n');
  });

  it('refuses a cluster a node names but nobody declares, with file:line', async () => {
    const err = await load(TWO_NODES.replace(/clusters:\n.*\n/, '')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems).toEqual([
      'site.yaml:2:69: hosts.servera.cluster: cluster "servera" is not declared (no clusters are declared); add clusters: { servera: { vip: ADDRESS } }',
      'site.yaml:3:70: hosts.servera2.cluster: cluster "servera" is not declared (no clusters are declared); add clusters: { servera: { vip: ADDRESS } }',
    ]);
  });

  it('refuses an unknown key in a cluster', async () => {
    const err = await load(TWO_NODES.replace('{ vip:', '{ nodes: [a], vip:')).catch((e: unknown) => e);
    expect((err as ConfigError).problems).toEqual([
      'site.yaml:6:14: clusters.servera.nodes: unknown key (expected one of: vip)',
    ]);
  });
});
