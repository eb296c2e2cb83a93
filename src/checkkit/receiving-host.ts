// Which host receives a hand-off, by address: the sender itself (loopback or its own address), another
// configured host (its address or name), or none of this site's hosts (Exchange, a DNS name): not judged.
import type { CheckContext, PeerContext } from '../core/check.js';
import type { HostSpec } from '../core/host.js';

// Where postfix means "this machine": the seed's 127.0.0.1 next hops. Other 127.x addresses are hosts of their
// own in the lab, and matched by address like any other.
const SELF = new Set(['127.0.0.1', 'localhost', '::1']);

export interface ReceivingHost {
  readonly name: string;
  readonly ctx: PeerContext;
  readonly self: boolean;
  readonly client?: string; // the address the sender connects from; undefined when the config does not say
  readonly clientSource: string; // how we know it, for the summary
  readonly ownAddress?: string; // the receiver's configured address
}

export function addressOf(host: HostSpec): string | undefined {
  return host.transport.kind === 'ssh' ? host.transport.ssh.hostname : undefined;
}

export function receivingHost(ctx: CheckContext, target: string): ReceivingHost | undefined {
  const mine = addressOf(ctx.host);
  const own = mine === undefined ? {} : { ownAddress: mine };
  if (SELF.has(target.toLowerCase())) {
    // postfix connects to a loopback next hop from 127.0.0.1 (the kernel picks the loopback address).
    return { name: ctx.host.name, ctx, self: true, client: '127.0.0.1', clientSource: 'loopback', ...own };
  }
  const t = target.toLowerCase();
  if (mine === t || ctx.host.name.toLowerCase() === t)
    return { name: ctx.host.name, ctx, self: true, client: t, clientSource: `${ctx.host.name}'s own address`, ...own };
  const host = ctx.site.hosts.find((h) => addressOf(h)?.toLowerCase() === t || h.name.toLowerCase() === t);
  const peer = host && ctx.peer?.(host.name);
  if (!host || !peer) return undefined;
  const theirs = addressOf(host);
  // The address the sender connects from is taken as its configured address (oxdoctor's config): postfix
  // binds no other unless smtp_bind_address says so, which the caller checks.
  return {
    name: host.name,
    ctx: peer,
    self: false,
    ...(mine !== undefined ? { client: mine } : {}),
    clientSource: mine !== undefined ? `${ctx.host.name}'s configured address` : `${ctx.host.name} has no address`,
    ...(theirs !== undefined ? { ownAddress: theirs } : {}),
  };
}
