// Where a routed address leaves a host, from postfix's disposition: an SMTP/LMTP next hop, local delivery, a bounce
// (error transport), a discard, or a DNS (MX) destination. Pure.
import { parseNextHop } from '../../postfix/content-filter.js';
import { findService, type MasterService } from '../../postfix/master-cf.js';
import type { Disposition } from '../../postfix/recipient-route.js';

export type Exit =
  | { readonly kind: 'smtp'; readonly transport: string; readonly host: string; readonly port: number }
  | { readonly kind: 'local'; readonly via: string; readonly known: boolean | null }
  | { readonly kind: 'bounce'; readonly text: string }
  | { readonly kind: 'discard'; readonly text: string }
  | { readonly kind: 'dns'; readonly transport: string; readonly domain: string }
  | { readonly kind: 'deferred'; readonly text: string }
  | { readonly kind: 'other'; readonly text: string };

const SMTP_PORT = 25;
const LMTP_PORT = 24;

export function exitOf(d: Disposition, services: readonly MasterService[]): Exit {
  switch (d.kind) {
    case 'local':
      return { kind: 'local', via: d.via, known: d.known };
    case 'defer':
      return { kind: 'deferred', text: `${d.message}` };
    case 'relay':
      return d.via.startsWith('the MX of ')
        ? { kind: 'dns', transport: 'smtp', domain: d.via.slice('the MX of '.length) }
        : hopExit(`smtp:${d.via}`, services, d.address);
    case 'transport':
      return hopExit(d.via, services, d.address);
  }
}

function hopExit(value: string, services: readonly MasterService[], address: string): Exit {
  const hop = parseNextHop(value);
  if (!hop) return { kind: 'other', text: value };
  const command = findService(services, hop.transport, 'unix')?.command ?? hop.transport;
  if (command === 'error') return { kind: 'bounce', text: hop.nexthop || 'error transport' };
  if (command === 'discard') return { kind: 'discard', text: hop.nexthop || 'discard transport' };
  if (command === 'smtp' || command === 'lmtp') {
    if (hop.nexthop.startsWith('unix:')) return { kind: 'local', via: value, known: null };
    if (!hop.host)
      return { kind: 'dns', transport: hop.transport, domain: address.slice(address.lastIndexOf('@') + 1) };
    // A name without brackets is an MX lookup: not one address a hand-off can be judged at.
    if (!hop.nexthop.replace(/^inet:/, '').startsWith('[') && !/^[\d.]+$/.test(hop.host))
      return { kind: 'dns', transport: hop.transport, domain: hop.host };
    const port = hop.port ?? (command === 'lmtp' ? LMTP_PORT : SMTP_PORT);
    return { kind: 'smtp', transport: hop.transport, host: hop.host, port };
  }
  return { kind: 'other', text: `${value} (${command})` };
}

// name: the configured host at that address (servera), where known.
export function describeExit(e: Exit, nameOf: (address: string) => string | undefined = () => undefined): string {
  switch (e.kind) {
    case 'smtp':
      return `${nameOf(e.host) ? `${nameOf(e.host)} ` : ''}${e.host}:${e.port} (${e.transport})`;
    case 'local':
      return `local delivery via ${e.via}`;
    case 'bounce':
      return `a bounce (${e.text})`;
    case 'discard':
      return `a discard (${e.text})`;
    case 'dns':
      return `${e.transport} to the MX of ${e.domain}`;
    case 'deferred':
      return `deferral (${e.text})`;
    case 'other':
      return e.text;
  }
}
