// The VIP holder of a host's cluster: computed once per sweep per cluster (kept in the facts of the cluster's
// first node, which every node's checks reach as a peer), recorded as evidence by every check relying on it.
import type { CheckContext, PeerContext } from '../core/check.js';
import type { HostSpec } from '../core/host.js';
import { messageOf } from '../core/errors.js';
import { factKey, shared, type FactContext } from '../facts/context.js';
import { failureSummary, openerFor } from '../checkkit/probe.js';
import { probeSshHostKey } from '../protocols/ssh-host-key.js';
import { decideVipHolder, type NodeFacts, type VipAnswer, type VipDecision } from './decide.js';
import { NODE_VIEW_ARGV, parseNodeView } from './node-view.js';

// Each node and the VIP get at most this long, and never more than half the asking check's time left: a dead
// standby must not use up the deadline of the active node's checks.
const ASK_MS = 4000;

export type ClusterContext = Pick<CheckContext, 'host' | 'site' | 'facts' | 'transport' | 'exec' | 'record' | 'peer'> &
  Partial<Pick<CheckContext, 'deadline' | 'signal'>>;

// The nodes of the host's cluster in config order, or [] for a host that is no cluster node.
export function clusterNodes(ctx: Pick<CheckContext, 'host' | 'site'>): HostSpec[] {
  const name = ctx.host.cluster;
  return name === undefined ? [] : ctx.site.hosts.filter((h) => h.cluster === name);
}

export async function vipHolder(ctx: ClusterContext): Promise<VipDecision | undefined> {
  const cluster = ctx.host.cluster;
  const vip = cluster !== undefined ? ctx.site.clusters?.[cluster]?.vip : undefined;
  if (cluster === undefined || vip === undefined) return undefined;
  const nodes = clusterNodes(ctx);
  // The first node's facts hold the decision; without peers (unit tests) the host's own facts do.
  const keeper = ctx.peer?.(nodes[0]!.name) ?? ctx;
  const memo: FactContext = { facts: keeper.facts, transport: ctx.transport, exec: ctx.exec, record: ctx.record };
  return shared(
    memo,
    factKey<VipDecision>(`cluster-vip:${cluster}`),
    () => compute(ctx, cluster, vip, nodes),
    (d) => describeDecision(d),
  );
}

async function compute(ctx: ClusterContext, cluster: string, vip: string, nodes: readonly HostSpec[]) {
  const budget = Math.min(ASK_MS, ctx.deadline !== undefined ? Math.max(200, (ctx.deadline - Date.now()) / 2) : ASK_MS);
  const [answer, ...facts] = await Promise.all([
    askVip(ctx, vip, budget),
    ...nodes.map((n) => askNode(ctx, n, budget)),
  ]);
  const decision = decideVipHolder(cluster, vip, facts, answer);
  ctx.record(`cluster ${cluster}: VIP ${vip}`, describeDecision(decision));
  return decision;
}

// The key exchange runs from the asking node (SSH: a forwarded stream), as clients on its network see the VIP.
async function askVip(ctx: ClusterContext, vip: string, timeoutMs: number): Promise<VipAnswer> {
  const via = ctx.host.name;
  const result = await probeSshHostKey(openerFor(ctx, vip, 22), {
    timeoutMs,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  ctx.record(`SSH host key at ${vip}:22 from ${via} (${result.durationMs} ms)`, result.transcript.join('\n'));
  if (result.ok) return { ok: true, fingerprint: result.value.fingerprint, keyType: result.value.keyType, via };
  return { ok: false, reason: failureSummary('SSH', `${vip}:22`, result.failure, result.message), via };
}

async function askNode(ctx: ClusterContext, node: HostSpec, timeoutMs: number): Promise<NodeFacts> {
  const on: PeerContext | undefined = node.name === ctx.host.name ? ctx : ctx.peer?.(node.name);
  if (!on) return { node: node.name, fingerprints: [], unreadable: 'not reachable from this check' };
  const asked = on.exec(NODE_VIEW_ARGV, { timeoutMs });
  let timer: NodeJS.Timeout | undefined;
  // A peer still connecting holds the command back; its wait counts too.
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
  try {
    const result = await Promise.race([asked, late]);
    // Only a verified connection's key counts: the one the transport checked against known_hosts.
    const connected = on.transport.info().hostKeyFingerprint;
    // Parsed whatever the exit code: a host without ip and ifconfig still names itself and its keys.
    const view = result && parseNodeView(result.stdout);
    if (!view?.nodeName) {
      const why = result === null ? `no answer within ${timeoutMs} ms` : `exit ${result.code}: ${result.stderr.trim()}`;
      return { node: node.name, fingerprints: connected ? [connected] : [], unreadable: why };
    }
    const fingerprints = [...new Set([...(connected ? [connected] : []), ...view.hostKeys.map((k) => k.fingerprint)])];
    return {
      node: node.name,
      ...(view.nodeName ? { nodeName: view.nodeName } : {}),
      fingerprints,
      ...(view.addresses ? { addresses: view.addresses } : {}),
    };
  } catch (err) {
    return { node: node.name, fingerprints: [], unreadable: messageOf(err) };
  } finally {
    clearTimeout(timer);
    asked.catch(() => undefined); // settles after the race was decided
  }
}

// One line per finding, for the evidence of every check that relies on the decision.
export function describeDecision(d: VipDecision): string {
  const head = d.holder
    ? `${d.holder} holds ${d.vip} (${d.by})`
    : `no holder decided: ${d.problem?.summary ?? 'no answer'}`;
  const nodes = d.nodes.map(
    (n) =>
      `${n.node}${n.nodeName ? ` (${n.nodeName})` : ''}: host keys ${n.fingerprints.join(', ') || 'unknown'}; ` +
      `${n.addresses === undefined ? `interfaces unread${n.unreadable ? ` (${n.unreadable})` : ''}` : n.addresses.includes(d.vip.toLowerCase()) ? `interfaces carry ${d.vip}` : `interfaces do not carry ${d.vip}`}`,
  );
  return [head, ...nodes, ...d.notes].join('\n');
}
