// What one host's postfix does with mail TO an address: relay_recipient_maps (where it applies), the route
// (virtual aliases, transport, relayhost, local delivery) and the recipient BCC copy with its own route.
import {
  describeRoute,
  domainOf,
  routeRecipient,
  type Disposition,
  type Route,
} from '../../postfix/recipient-route.js';
import { exitOf, type Exit } from './exits.js';
import { findAddress, type Found } from './find.js';
import { mainTables, relayDomains, tableName, type HostView } from './host-view.js';

export interface Leaving {
  readonly disposition: Disposition;
  readonly exit: Exit;
}

export interface Routed {
  readonly address: string;
  readonly route: Route;
  readonly leaving: readonly Leaving[];
}

export interface RecipientPath extends Routed {
  readonly relayCheck: Found | null; // null: relay_recipient_maps does not apply to this address here
  readonly bcc: { readonly found: Found; readonly copy?: Routed } | null; // null: no recipient_bcc_maps
}

export async function routed(view: HostView, address: string, config = view.config): Promise<Routed> {
  const route = await routeRecipient(address, config, view.lookups.lookup);
  return { address, route, leaving: route.finals.map((d) => ({ disposition: d, exit: exitOf(d, view.services) })) };
}

export async function recipientPath(view: HostView, address: string): Promise<RecipientPath> {
  const relayTables = mainTables(view, 'relay_recipient_maps');
  const checksRelay = relayTables.length > 0 && relayDomains(view).includes(domainOf(address));
  const bccTables = mainTables(view, 'recipient_bcc_maps');
  const [main, relayCheck, bccFound] = await Promise.all([
    routed(view, address),
    checksRelay ? findAddress(relayTables, address, view.lookups.lookup) : Promise.resolve(null),
    bccTables.length > 0 ? findAddress(bccTables, address, view.lookups.lookup) : Promise.resolve(null),
  ]);
  const copy = bccFound?.kind === 'found' ? await routed(view, bccFound.value.toLowerCase()) : undefined;
  return {
    ...main,
    relayCheck,
    bcc: bccFound ? { found: bccFound, ...(copy ? { copy } : {}) } : null,
  };
}

// "a -> b (table), delivered locally to b via lmtp:..." as routing/ldap-maps says it.
export function routeText(r: Routed): string {
  return describeRoute(r.route, tableName);
}
