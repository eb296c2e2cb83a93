// cluster/vip: which node of this host's cluster holds the VIP. The SSH host key answering at VIP:22 names it
// (each node's own keys: the verified connection's and /etc/ssh/ssh_host_*key.pub); when the VIP's sshd does
// not answer, the one node whose interfaces carry the VIP does. The runner uses the same decision to report
// the checks of what the cluster starts as standby on the other nodes (src/cluster).
import type { Check } from '../../src/core/check.js';
import { ok, type Step } from '../../src/core/result.js';
import type { VipDecision } from '../../src/cluster/decide.js';
import { clusterNodes, vipHolder } from '../../src/cluster/vip-holder.js';

export const vipCheck: Check = {
  id: 'cluster/vip',
  title: 'Cluster VIP holder',
  // Any host may be a cluster node; the others say they are none.
  roles: 'all',
  proves:
    "which node holds its cluster's VIP: the SSH host key answering at VIP:22 is one node's own (else the one node whose interfaces carry it); CRIT when the VIP answers nobody, answers with a key of no node, or several nodes carry it (split brain)",
  catches: [
    'the VIP answers SSH with a host key of no node of the cluster: another machine holds the address',
    'the VIP answers nobody: its sshd does not answer and no node carries it on its interfaces',
    'split brain: several nodes carry the VIP on their interfaces',
    "the VIP answers with one node's host key while only another node's interfaces carry it",
    'nodes sharing one host key, with interfaces that cannot tell the holder: UNKNOWN, not a guess',
  ],
  misses: [
    'whether the services the cluster starts run on the holder: their own checks run there (postfix/*, mailbox/*, service/*)',
    "the RHEL cluster's quorum, fencing and failover history: clustat and /var/log/messages on each node",
  ],
  timeoutMs: 10_000,
  async run(ctx) {
    const decision = await vipHolder(ctx);
    if (!decision) return ok(`${ctx.host.name} is no cluster node (no cluster: in its config): no VIP to follow`);
    const steps = nodeSteps(decision);
    const { problem } = decision;
    if (problem) return { status: problem.status, summary: problem.summary, hint: problem.hint, steps };
    const holder = decision.nodes.find((n) => n.node === decision.holder)!;
    const standby = clusterNodes(ctx)
      .filter((h) => h.name !== decision.holder)
      .map((h) => nameOf(decision, h.name));
    const others =
      standby.length === 0
        ? 'it has no other node'
        : `${standby.join(', ')} ${standby.length > 1 ? 'are' : 'is'} standby`;
    return ok(
      `${nameOf(decision, holder.node)} holds the VIP ${decision.vip} of cluster ${decision.cluster} (${decision.by}); ${others}`,
      { steps },
    );
  },
};

// "servera (node8888.example.com)": the configured name, and the node's own where it differs.
function nameOf(d: VipDecision, node: string): string {
  const own = d.nodes.find((n) => n.node === node)?.nodeName;
  return own && own !== node ? `${node} (${own})` : node;
}

function nodeSteps(d: VipDecision): Step[] {
  const vip = d.vip.toLowerCase();
  return [
    {
      name: `${d.vip}:22`,
      status: 'ok',
      summary: d.answer.ok
        ? `answers with host key ${d.answer.fingerprint} (${d.answer.keyType}), asked from ${d.answer.via}`
        : `${d.answer.reason} (asked from ${d.answer.via})`,
    },
    ...d.nodes.map((n): Step => ({
      name: n.node,
      status: 'ok',
      summary:
        `${n.node === d.holder ? 'holds the VIP' : d.holder ? 'standby' : 'node'}; host keys ${n.fingerprints.join(', ') || 'unknown'}; ` +
        (n.addresses === undefined
          ? `interfaces not read${n.unreadable ? ` (${n.unreadable})` : ''}`
          : `interfaces ${n.addresses.includes(vip) ? 'carry' : 'do not carry'} ${d.vip}`),
    })),
  ];
}
