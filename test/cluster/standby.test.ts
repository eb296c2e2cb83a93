// The runner reports a check of what the cluster starts as standby on a node that does not hold the VIP, from the
// sweep's one decision (seeded here as data; test/checks/cluster/vip.lab.test.ts makes it on the lab).
import { describe, expect, it } from 'vitest';
import type { HostSpec } from '../../src/core/host.js';
import { ok } from '../../src/core/result.js';
import { clusterRequirements } from '../../src/cluster/standby.js';
import { FOLLOWS_VIP, PER_NODE, matches } from '../../src/cluster/follows-vip.js';
import type { VipDecision } from '../../src/cluster/decide.js';
import { FactsMemo } from '../../src/runner/facts-memo.js';
import { runCheck } from '../../src/runner/run-check.js';
import { LocalTransport } from '../../src/transport/local.js';
import { checks as catalogue } from '../../checks/index.js';
import { loadProbes } from '../../src/user/probes/index.js';
import { parseAdUserEntry } from '../../src/user/ad-entry.js';
import { targetOf } from '../../src/user/target.js';
import { check, site } from '../runner/helpers.js';

const node = (name: string, cluster?: string): HostSpec => ({
  name,
  roles: ['groupware'],
  ...(cluster ? { cluster } : {}),
  transport: { kind: 'local' },
});
const A = node('servera', 'servera');
const B = node('servera2', 'servera');
const SITE = { ...site({}, [A, B, node('serverb')]), clusters: { servera: { vip: '192.168.109.113' } } };

function decision(holder?: string): VipDecision {
  return {
    cluster: 'servera',
    vip: '192.168.109.113',
    nodes: [
      { node: 'servera', fingerprints: ['SHA256:a'] },
      { node: 'servera2', fingerprints: ['SHA256:b'] },
    ],
    answer: { ok: true, fingerprint: 'SHA256:a', keyType: 'ssh-ed25519', via: 'servera' },
    ...(holder ? { holder, by: 'its SSH host key SHA256:a answers at 192.168.109.113:22' } : {}),
    notes: [],
  };
}

// Runs one check on host with the cluster's decision already in the first node's facts, as a sweep has it.
async function runOn(host: HostSpec, id: string, holder?: string) {
  const facts = new Map([A, B, node('serverb')].map((h) => [h.name, new FactsMemo()]));
  await facts.get('servera')!.get('cluster-vip:servera', async () => decision(holder));
  let ran = false;
  const result = await runCheck({
    check: check(id, async () => ((ran = true), ok('the check ran'))),
    host,
    transport: new LocalTransport(host.name),
    site: SITE,
    facts: facts.get(host.name)!,
    peers: (name) => {
      const spec = SITE.hosts.find((h) => h.name === name);
      return spec && { host: spec, transport: new LocalTransport(name), facts: facts.get(name)! };
    },
    timeoutMs: 5000,
  });
  return { result, ran };
}

describe('checks of what the cluster starts, on its nodes', () => {
  it('are OK as standby on the node that does not hold the VIP, naming the holder, without running', async () => {
    const { result, ran } = await runOn(B, 'postfix/handoffs', 'servera');
    expect(ran).toBe(false);
    expect(result.status).toBe('ok');
    expect(result.summary).toBe(
      'servera2 is the standby node of cluster servera (servera holds the VIP 192.168.109.113): postfix runs on servera',
    );
    expect(result.evidence.map((e) => e.label)).toEqual(['fact cluster-vip:servera (computed earlier in this sweep)']);
    expect(result.evidence[0]!.text).toMatch(/^servera holds 192\.168\.109\.113 \(its SSH host key/);
  });

  it('run on the node holding the VIP', async () => {
    expect((await runOn(A, 'postfix/handoffs', 'servera')).ran).toBe(true);
  });

  it('run on every node when no holder is known (cluster/vip says why)', async () => {
    expect((await runOn(B, 'mailbox/imap-login')).ran).toBe(true);
  });

  it('leave checks of every node alone, and hosts of no cluster', async () => {
    expect((await runOn(B, 'service/http', 'servera')).ran).toBe(true);
    expect((await runOn(B, 'host/disk', 'servera')).ran).toBe(true);
    expect((await runOn(node('serverb'), 'postfix/handoffs', 'servera')).ran).toBe(true);
    expect(
      clusterRequirements(
        check('postfix/handoffs', async () => ok('')),
        node('serverb'),
      ),
    ).toEqual([]);
  });
});

// The catalogue and oxdoctor user's probes (made for any user: only their ids matter here).
const entry = parseAdUserEntry({ dn: 'CN=x', objectClass: ['user'], sAMAccountName: 'x', mail: 'x@example.com' });
const target = targetOf({ kind: 'found', query: 'x', entry, exchangeMailbox: false, forwardingContacts: [] });
const checks = [...catalogue, ...(await loadProbes()).map((make) => make(target))];

describe('the list of checks that follow the VIP', () => {
  it.each(checks.map((c) => [c.id] as const))('places %s in exactly one list: follows the VIP, or every node', (id) => {
    const places = [
      ...FOLLOWS_VIP.filter((f) => matches(f.checks, id)).map((f) => `follows the VIP (${f.checks})`),
      ...PER_NODE.filter((p) => matches(p, id)).map((p) => `every node (${p})`),
    ];
    expect(places).toHaveLength(1);
  });

  it('names a service for each entry, and every entry matches a check of the catalogue', () => {
    for (const f of FOLLOWS_VIP) {
      expect(f.service).not.toBe('');
      expect(
        checks.some((c) => matches(f.checks, c.id)),
        f.checks,
      ).toBe(true);
    }
    for (const p of PER_NODE)
      expect(
        checks.some((c) => matches(p, c.id)),
        p,
      ).toBe(true);
  });
});
