// Which node of a cluster holds its VIP, decided from data: the SSH host key that answers at VIP:22 against each
// node's own keys, and, when that does not decide, which node's interfaces carry the VIP.
import type { Status } from '../core/status.js';

export interface NodeFacts {
  readonly node: string; // the configured host name
  readonly nodeName?: string; // what the node calls itself (uname -n)
  readonly fingerprints: readonly string[]; // every host key the node is known by
  readonly addresses?: readonly string[]; // undefined: its interfaces could not be read
  readonly unreadable?: string; // why the node could not be asked, if it could not
}

export type VipAnswer =
  | { readonly ok: true; readonly fingerprint: string; readonly keyType: string; readonly via: string }
  // reason: a sentence, "SSH at 10.0.0.1:22 refused the connection (...)"
  | { readonly ok: false; readonly reason: string; readonly via: string };

export interface VipDecision {
  readonly cluster: string;
  readonly vip: string;
  readonly nodes: readonly NodeFacts[];
  readonly answer: VipAnswer;
  // Set when one node holds the VIP and nothing contradicts it: the other nodes are standby.
  readonly holder?: string;
  readonly by?: string; // how the holder was found, for summaries
  readonly problem?: { readonly status: Status; readonly summary: string; readonly hint: string };
  readonly notes: readonly string[]; // what did not decide, and why
}

export function decideVipHolder(
  cluster: string,
  vip: string,
  nodes: readonly NodeFacts[],
  answer: VipAnswer,
): VipDecision {
  const base = { cluster, vip, nodes, answer };
  const notes: string[] = [];
  const carriers = nodes.filter((n) => n.addresses?.includes(vip.toLowerCase()));
  const sharedStack = carriers.length > 1 && carriers.every((n) => sameSet(n.addresses!, carriers[0]!.addresses!));
  if (sharedStack) {
    notes.push(
      `${names(carriers)} list the same interfaces (one network stack, as in a lab or containers): interfaces cannot tell who holds ${vip}`,
    );
  } else if (carriers.length > 1) {
    return {
      ...base,
      notes,
      problem: {
        status: 'crit',
        summary: `split brain in cluster ${cluster}: ${names(carriers)} ${carriers.length === 2 ? 'both' : 'all'} carry the VIP ${vip} on their interfaces; clients reach whichever answers ARP first${answer.ok ? ` (SSH at ${vip}:22 answers with ${keyOwner(nodes, answer.fingerprint)})` : ''}`,
        hint: `stop the cluster service on all but one node (clustat shows what the cluster believes; clusvcadm -r/-d), then check fencing: a node that lost the cluster should have been fenced`,
      },
    };
  }
  const byInterfaces = !sharedStack && carriers.length === 1 ? carriers[0]! : undefined;

  if (answer.ok) {
    const owners = nodes.filter((n) => n.fingerprints.includes(answer.fingerprint));
    if (owners.length === 1) {
      const holder = owners[0]!;
      if (byInterfaces && byInterfaces !== holder) {
        return {
          ...base,
          notes,
          problem: {
            status: 'crit',
            summary: `the VIP ${vip} answers SSH with ${holder.node}'s host key, but only ${byInterfaces.node}'s interfaces carry it: two machines answer for ${vip}`,
            hint: `compare the MAC addresses answering for ${vip} (arping ${vip} from another host) with each node's, and remove the address where the cluster did not put it`,
          },
        };
      }
      return { ...base, notes, holder: holder.node, by: `its SSH host key answers at ${vip}:22` };
    }
    if (owners.length > 1) {
      notes.push(
        `${names(owners)} share the host key ${answer.fingerprint}: the key at ${vip}:22 cannot tell them apart`,
      );
    } else {
      const unknownKeys = nodes.filter((n) => n.fingerprints.length === 0);
      if (unknownKeys.length > 0) {
        return {
          ...base,
          notes,
          problem: {
            status: 'unknown',
            summary: `the VIP ${vip} answers SSH with host key ${answer.fingerprint} (${answer.keyType}), ${comparedWith(nodes)}; the keys of ${names(unknownKeys)} could not be read (${unknownKeys.map((n) => n.unreadable ?? 'no key found').join('; ')})`,
            hint: `see host/ssh on ${names(unknownKeys)}; once it answers, oxdoctor compares its host keys with the VIP's`,
          },
        };
      }
      return {
        ...base,
        notes,
        problem: {
          status: 'crit',
          summary: `the VIP ${vip} answers SSH with host key ${answer.fingerprint} (${answer.keyType}), which is no node's of cluster ${cluster} (${nodes.map((n) => `${n.node}: ${n.fingerprints.join(', ')}`).join('; ')}): another machine holds ${vip}`,
          hint: `find who answers (ssh-keyscan ${vip}; arping ${vip} shows its MAC), free the address there, and check the cluster's ip resource (clustat)`,
        },
      };
    }
  } else {
    notes.push(`${answer.reason} (asked from ${answer.via})`);
  }

  if (byInterfaces) {
    return { ...base, notes, holder: byInterfaces.node, by: `its interfaces carry ${vip}` };
  }
  if (answer.ok) {
    return {
      ...base,
      notes,
      problem: {
        status: 'unknown',
        summary: `cannot tell which node of cluster ${cluster} holds the VIP ${vip}: ${notes.join('; ')}`,
        hint: 'give each node its own SSH host key (ssh-keygen -A after removing the copied keys), or let oxdoctor read `ip -o addr` on each node',
      },
    };
  }
  const unread = nodes.filter((n) => n.addresses === undefined);
  const interfaces =
    carriers.length === 0
      ? unread.length === nodes.length
        ? 'no node could list its interfaces'
        : `no node's interfaces carry it${unread.length > 0 ? ` (${names(unread)} could not be asked)` : ''}`
      : 'its interfaces cannot tell (one network stack)';
  return {
    ...base,
    notes,
    problem: {
      status: 'crit',
      summary: `the VIP ${vip} of cluster ${cluster} answers nobody: ${answer.reason}, and ${interfaces}`,
      hint: `the cluster service is down or moving: clustat shows its state and owner; start it (clusvcadm -e SERVICE) and read /var/log/messages on the nodes for why it stopped`,
    },
  };
}

// "which is not servera's", or nothing to compare with.
function comparedWith(nodes: readonly NodeFacts[]): string {
  const known = nodes.filter((n) => n.fingerprints.length > 0).map((n) => `${n.node}'s`);
  return known.length > 0 ? `which is not ${known.join(' or ')}` : 'with no node key to compare';
}

function keyOwner(nodes: readonly NodeFacts[], fingerprint: string): string {
  const owner = nodes.find((n) => n.fingerprints.includes(fingerprint));
  return owner ? `${owner.node}'s host key` : `host key ${fingerprint}, no node's`;
}

function names(nodes: readonly NodeFacts[]): string {
  const all = nodes.map((n) => n.node);
  return all.length <= 2 ? all.join(' and ') : `${all.slice(0, -1).join(', ')} and ${all[all.length - 1]}`;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
