// On a cluster node that does not hold the VIP, a check of what the cluster starts there has nothing to check:
// its service runs on the holder. The runner asks this before such a check's own requirements.
import type { Check, Requirement } from '../core/check.js';
import type { HostSpec } from '../core/host.js';
import { ok } from '../core/result.js';
import { vipFollowerOf, type VipFollower } from './follows-vip.js';
import { vipHolder } from './vip-holder.js';

// Standby where another node holds the VIP; where no holder is known (cluster/vip says why) the check runs.
export function onVipHolder(follower: VipFollower): Requirement {
  return {
    name: `holds the cluster VIP (${follower.service})`,
    async missing(ctx) {
      const decision = await vipHolder(ctx);
      if (!decision?.holder || decision.holder === ctx.host.name) return null;
      const cluster = ctx.host.cluster!;
      return ok(
        `${ctx.host.name} is the standby node of cluster ${cluster} (${decision.holder} holds the VIP ${decision.vip}): ${follower.service} runs on ${decision.holder}`,
      );
    },
  };
}

// The requirements the cluster adds to a check on a host: none off a cluster, or for checks of every node.
export function clusterRequirements(check: Check, host: HostSpec): readonly Requirement[] {
  if (host.cluster === undefined) return [];
  const follower = vipFollowerOf(check.id);
  return follower ? [onVipHolder(follower)] : [];
}
