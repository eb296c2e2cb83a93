// content_filter and receive_override_options as one master.cf service runs with them.
import { splitList } from './main-cf.js';
import type { MasterService } from './master-cf.js';

export interface NextHop {
  readonly transport: string; // master.cf service name, e.g. "smtp-amavis"
  readonly nexthop: string; // as written after the transport: "[127.0.0.1]:10024", may be ""
  readonly host?: string; // brackets removed
  readonly port?: number;
}

// "smtp-amavis:[127.0.0.1]:10024" (content_filter, or a transport(5) result) -> its parts; null when empty.
export function parseNextHop(value: string): NextHop | null {
  const text = value.trim();
  if (text === '') return null;
  const colon = text.indexOf(':');
  const transport = colon === -1 ? text : text.slice(0, colon);
  const nexthop = colon === -1 ? '' : text.slice(colon + 1);
  const hop = nexthop.replace(/^inet:/, '');
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(hop) ?? /^([^:[\]]+)(?::(\d+))?$/.exec(hop);
  return {
    transport,
    nexthop,
    ...(m?.[1] ? { host: m[1] } : {}),
    ...(m?.[2] ? { port: Number(m[2]) } : {}),
  };
}

// What a service runs with: its own -o wins over main.cf, even when empty ("-o content_filter=").
// undefined when neither sets it (the built-in default).
export function serviceParam(
  service: Pick<MasterService, 'overrides'> | undefined,
  name: string,
  main: (name: string) => string | undefined,
): string | undefined {
  const own = service?.overrides.get(name);
  return own !== undefined ? own : main(name);
}

// Where the value came from, for summaries: "-o on line 3" or "main.cf".
export function paramSource(service: Pick<MasterService, 'overrides' | 'line'> | undefined, name: string): string {
  return service?.overrides.has(name) ? `-o on master.cf line ${service.line}` : 'main.cf';
}

// receive_override_options as a set of lower-case flags (no_address_mappings, no_unknown_recipient_checks ...).
export function receiveOverrides(value: string | undefined): Set<string> {
  return new Set(splitList(value ?? '').map((v) => v.toLowerCase()));
}

export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const a = address.replace(/^\[|\]$/g, '').toLowerCase();
  return a === 'localhost' || a === '::1' || /^127\./.test(a);
}
