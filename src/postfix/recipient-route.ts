// What postfix does with a recipient address, given a way to query its tables: virtual alias expansion
// (full address, bare local part for local domains, @domain; recursive; a result equal to its input stops),
// then local delivery, a transport_maps entry, the relayhost or DNS. Pure: the lookups are injected.
import type { TableRef } from './main-cf.js';
import type { PostmapAnswer } from './postmap-query.js';

export type Lookup = (table: TableRef, key: string) => Promise<PostmapAnswer>;

export interface RouteConfig {
  readonly virtualAliasMaps: readonly TableRef[];
  readonly localRecipientMaps: readonly TableRef[] | null; // null: not set (no validation)
  readonly transportMaps: readonly TableRef[];
  readonly localDomains: readonly string[]; // mydestination, expanded, lower case
  readonly myorigin: string;
  readonly relayhost: string; // '' when unset
  readonly mailboxTransport: string; // '' when unset
}

export interface Hit {
  readonly table: TableRef;
  readonly key: string;
  readonly answer: PostmapAnswer;
}

export type Disposition =
  | { readonly kind: 'local'; readonly address: string; readonly via: string; readonly known: boolean | null }
  | { readonly kind: 'transport'; readonly address: string; readonly via: string; readonly table: TableRef }
  | { readonly kind: 'relay'; readonly address: string; readonly via: string }
  | {
      readonly kind: 'defer';
      readonly address: string;
      readonly table: TableRef;
      readonly key: string;
      readonly message: string;
    };

export interface Route {
  readonly address: string;
  readonly aliases: readonly { from: string; to: readonly string[]; hit: Hit }[]; // each expansion step
  readonly finals: readonly Disposition[];
  readonly lookups: readonly Hit[]; // every lookup made, in order
}

const MAX_DEPTH = 10;

export async function routeRecipient(address: string, config: RouteConfig, lookup: Lookup): Promise<Route> {
  const lookups: Hit[] = [];
  const aliases: Route['aliases'][number][] = [];
  const finals: Disposition[] = [];
  // maps_find over a list of keys: every table for the first key, then every table for the next ... The
  // lookups are all asked at once (a host answers them in one postmap run) and read in postfix's order;
  // `lookups` records those postfix makes, up to the first answer.
  const find = async (tables: readonly TableRef[], keys: readonly string[]): Promise<Hit | null> => {
    const order = keys.flatMap((key) => tables.map((table) => ({ table, key })));
    const answers = await Promise.all(order.map(({ table, key }) => lookup(table, key)));
    for (const [i, { table, key }] of order.entries()) {
      const answer = answers[i]!;
      lookups.push({ table, key, answer });
      if (answer.kind !== 'not-found') return { table, key, answer };
    }
    return null;
  };
  const isLocal = (addr: string): boolean => config.localDomains.includes(domainOf(addr));
  const keysFor = (addr: string): string[] => {
    const at = addr.lastIndexOf('@');
    if (at === -1) return [addr];
    return [addr, ...(isLocal(addr) ? [addr.slice(0, at)] : []), addr.slice(at)];
  };
  const qualify = (a: string): string => (a.includes('@') ? a : `${a}@${config.myorigin}`);

  const expand = async (addr: string, depth: number): Promise<void> => {
    const hit = depth < MAX_DEPTH ? await find(config.virtualAliasMaps, keysFor(addr)) : null;
    if (hit?.answer.kind === 'error') {
      finals.push({ kind: 'defer', address: addr, table: hit.table, key: hit.key, message: hit.answer.message });
      return;
    }
    if (!hit || hit.answer.kind !== 'found') {
      finals.push(await deliver(addr));
      return;
    }
    const to = hit.answer.value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .map(qualify);
    aliases.push({ from: addr, to, hit });
    for (const next of to) {
      // an address that maps to itself is final: postfix delivers it instead of expanding again
      if (next.toLowerCase() === addr.toLowerCase()) finals.push(await deliver(next));
      else await expand(next, depth + 1);
    }
  };

  const deliver = async (addr: string): Promise<Disposition> => {
    const domain = domainOf(addr);
    const transport = await find(config.transportMaps, [addr, domain]);
    if (transport?.answer.kind === 'error')
      return {
        kind: 'defer',
        address: addr,
        table: transport.table,
        key: transport.key,
        message: transport.answer.message,
      };
    if (transport?.answer.kind === 'found')
      return { kind: 'transport', address: addr, via: transport.answer.value, table: transport.table };
    if (isLocal(addr)) {
      let known: boolean | null = null;
      if (config.localRecipientMaps) {
        const at = addr.lastIndexOf('@');
        const hit = await find(config.localRecipientMaps, [addr, addr.slice(0, at)]);
        if (hit?.answer.kind === 'error')
          return { kind: 'defer', address: addr, table: hit.table, key: hit.key, message: hit.answer.message };
        known = hit !== null;
      }
      return { kind: 'local', address: addr, via: config.mailboxTransport || 'local(8)', known };
    }
    return { kind: 'relay', address: addr, via: config.relayhost || 'the MX of ' + domain };
  };

  await expand(address.toLowerCase(), 0);
  return { address, aliases, finals, lookups };
}

export function domainOf(addr: string): string {
  const at = addr.lastIndexOf('@');
  return at === -1 ? '' : addr.slice(at + 1).toLowerCase();
}

// One sentence: "test1001@example.com -> test1001@oxmail.example.com (exchrecipients): delivered locally via lmtp:..."
export function describeRoute(route: Route, tableName: (t: TableRef) => string): string {
  const steps = route.aliases.map((a) =>
    a.to.length === 1 && a.to[0] === a.from
      ? `${a.from} stays itself (${tableName(a.hit.table)} gives ${a.hit.answer.kind === 'found' ? a.hit.answer.value : '?'} for ${a.hit.key})`
      : `${a.from} -> ${a.to.join(', ')} (${tableName(a.hit.table)})`,
  );
  const ends = route.finals.map((f) => describeDisposition(f, tableName));
  return [...steps, ends.join('; ')].join(', ');
}

export function describeDisposition(f: Disposition, tableName: (t: TableRef) => string): string {
  switch (f.kind) {
    case 'local':
      return f.known === false
        ? `${f.address} is local but no local_recipient_maps table knows it: delivery via ${f.via} would fail (user unknown)`
        : `delivered locally to ${f.address} via ${f.via}`;
    case 'transport':
      return `${f.address} goes to ${f.via} (${tableName(f.table)})`;
    case 'relay':
      return `${f.address} is relayed to ${f.via}`;
    case 'defer':
      return `${f.address} is deferred: ${tableName(f.table)} fails for ${f.key} (${f.message})`;
  }
}
