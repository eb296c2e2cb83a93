// The SMTP next hops a user's mail (and its copies) leaves a host by, each with the addresses it carries. Pure.
import type { Exit } from './exits.js';
import type { RecipientPath, Routed } from './recipient.js';
import type { SenderCopy } from './sender.js';

export interface HopUse {
  readonly transport: string;
  readonly host: string;
  readonly port: number;
  readonly addresses: readonly string[]; // envelope recipients as they leave
  readonly archiveCopy: boolean; // carries the relay's recipient BCC copies (the seed's smtpcopy)
}

export interface Departure {
  readonly address: string;
  readonly exit: Exit;
  readonly archiveCopy: boolean;
}

export function collectHops(departures: readonly Departure[]): HopUse[] {
  const hops = new Map<
    string,
    { transport: string; host: string; port: number; addresses: string[]; archiveCopy: boolean }
  >();
  for (const d of departures) {
    if (d.exit.kind !== 'smtp') continue;
    const key = `${d.exit.transport}\0${d.exit.host.toLowerCase()}\0${d.exit.port}`;
    const hop = hops.get(key) ?? { ...d.exit, addresses: [], archiveCopy: false };
    if (!hop.addresses.includes(d.address)) hop.addresses.push(d.address);
    hop.archiveCopy ||= d.archiveCopy;
    hops.set(key, hop);
  }
  return [...hops.values()].map(({ transport, host, port, addresses, archiveCopy }) => ({
    transport,
    host,
    port,
    addresses,
    archiveCopy,
  }));
}

// "test1001@example.com" or "3 addresses (a, b, c)".
export function listed(addresses: readonly string[]): string {
  if (addresses.length === 1) return addresses[0]!;
  const first = addresses.slice(0, 3).join(', ');
  return `${addresses.length} addresses (${first}${addresses.length > 3 ? ', …' : ''})`;
}

// Every way the user's mail and its copies leave the host: the routes, the relay's BCC copies, the sent copies.
export function departuresOf(paths: readonly RecipientPath[], sent: readonly (readonly SenderCopy[])[]): Departure[] {
  const of = (r: Routed | undefined, archiveCopy: boolean): Departure[] =>
    (r?.leaving ?? []).map((l) => ({ address: l.disposition.address, exit: l.exit, archiveCopy }));
  return [
    ...paths.flatMap((p) => [...of(p, false), ...of(p.bcc?.copy, true)]),
    ...sent.flat().flatMap((c) => of(c.copy, false)),
  ];
}
