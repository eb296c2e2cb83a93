// Who a next hop is, in this site's terms: Exchange, one of the configured hosts (or the VIP), or itself.
import type { CheckContext } from '../../../src/core/check.js';
import { compactHop, hopAddress } from '../../../src/postfix/queue-reason.js';

export interface NamedHop {
  readonly label: string; // "Exchange 127.0.10.20:25", "servera 127.0.10.2:10025", "mx.example.org[192.0.2.1]"
  readonly known?: string; // "Exchange", "servera"
}

export function nameHop(ctx: Pick<CheckContext, 'site'>, hop: string): NamedHop {
  if (hop === '') return { label: 'no next hop named' };
  const { host, port } = hopAddress(hop);
  const shown = compactHop(hop);
  const ex = ctx.site.endpoints.exchange;
  if (ex && ex.host === host && (port === undefined || port === ex.port))
    return { label: `Exchange ${shown}`, known: 'Exchange' };
  const vip = ctx.site.endpoints.vip?.smtp;
  for (const h of ctx.site.hosts) {
    const address = h.transport.kind === 'ssh' ? h.transport.ssh.hostname : undefined;
    if (address === host || h.name === host) return { label: `${h.name} ${shown}`, known: h.name };
  }
  if (vip === host) return { label: `the SMTP VIP ${shown}`, known: 'the SMTP VIP' };
  return { label: shown };
}
