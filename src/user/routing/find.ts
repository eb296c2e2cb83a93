// A map list asked as postfix asks it for an address-keyed parameter (bcc maps, relay_recipient_maps): the full
// address in every table, then @domain in the tables that are not regular expressions. Pure: lookups injected.
import type { TableRef } from '../../postfix/main-cf.js';
import type { PostmapAnswer } from '../../postfix/postmap-query.js';
import type { Lookup } from '../../postfix/recipient-route.js';

export type Found =
  | { readonly kind: 'found'; readonly table: TableRef; readonly key: string; readonly value: string }
  | { readonly kind: 'error'; readonly table: TableRef; readonly key: string; readonly message: string }
  | { readonly kind: 'none' };

const REGEX = new Set(['pcre', 'regexp']);

export async function findAddress(tables: readonly TableRef[], address: string, lookup: Lookup): Promise<Found> {
  const at = address.lastIndexOf('@');
  const order = [
    ...tables.map((table) => ({ table, key: address })),
    ...(at > 0 ? tables.filter((t) => !REGEX.has(t.type)).map((table) => ({ table, key: address.slice(at) })) : []),
  ];
  const answers: PostmapAnswer[] = await Promise.all(order.map(({ table, key }) => lookup(table, key)));
  for (const [i, { table, key }] of order.entries()) {
    const a = answers[i]!;
    if (a.kind === 'found') return { kind: 'found', table, key, value: a.value.split(',')[0]!.trim() };
    if (a.kind === 'error') return { kind: 'error', table, key, message: a.message };
  }
  return { kind: 'none' };
}
