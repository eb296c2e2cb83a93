// The sentences of routing/ldap-maps: one step per ldap map (bind), per test address (route), and the
// cross-check against postmap -q.
import type { Step } from '../../../src/core/result.js';
import type { PostconfFacts } from '../../../src/facts/postconf.js';
import { splitList, type TableRef } from '../../../src/postfix/main-cf.js';
import { useLabel, type MapUse } from '../../../src/postfix/map-inventory.js';
import type { PostmapAnswer } from '../../../src/postfix/postmap-query.js';
import { describeRoute, type Lookup, type Route, type RouteConfig } from '../../../src/postfix/recipient-route.js';
import type { LdapMapClient, Opened } from '../../../src/protocols/ldap-map-client.js';
import type { OwnAnswer } from '../../../src/facts/map-lookups.js';

export const tableName = (t: TableRef): string => `${t.type}:${t.name}`;

const ROUTE_PARAMS = new Set(['virtual_alias_maps', 'local_recipient_maps', 'transport_maps']);
// Maps keyed by an address whose answer says something about routing; never password maps.
const ADDRESS_MAP = /(^|_)(bcc|canonical|relocated|virtual_alias|virtual_mailbox|recipient|sender_login)_maps$/;

export function routeConfig(pc: PostconfFacts, uses: readonly MapUse[]): RouteConfig {
  const main = (param: string): TableRef[] =>
    uses
      .filter((u) => u.param === param && !u.service)
      .sort((a, b) => a.position - b.position)
      .map((u) => u.ref);
  const value = (name: string, dflt: string): string => pc.expand(pc.get(name) ?? dflt);
  return {
    virtualAliasMaps: main('virtual_alias_maps'),
    localRecipientMaps: pc.params.has('local_recipient_maps') ? main('local_recipient_maps') : null,
    transportMaps: main('transport_maps'),
    localDomains: splitList(value('mydestination', '$myhostname, localhost.$mydomain, localhost'))
      .filter((d) => !d.includes(':') && !d.startsWith('/'))
      .map((d) => d.toLowerCase()),
    myorigin: value('myorigin', '$myhostname').toLowerCase(),
    relayhost: value('relayhost', ''),
    mailboxTransport: value('mailbox_transport', ''),
  };
}

export function bindStep(
  client: LdapMapClient | { missing: string },
  opened: Opened | null,
  uses: readonly MapUse[],
): Step {
  const usedBy = `used by ${[...new Set(uses.map(useLabel))].join(', ')}`;
  if ('missing' in client) {
    return {
      name: 'ldap map',
      status: 'crit',
      summary: `${client.missing} (${usedBy}): postfix defers every lookup in it`,
      hint: 'restore the map file or remove it from the parameter',
    };
  }
  const name = tableName({ type: 'ldap', name: client.path, proxied: false, text: '' });
  if (opened?.ok) return { name, status: 'ok', summary: `${name} binds as ${opened.bound} at ${opened.server.url}` };
  const failure = opened ?? { cause: 'other' as const, message: 'not opened' };
  const consequence = `postfix cannot look up ${name} (${usedBy}) and defers the mail that needs it`;
  const who = client.table.bindDn || 'anonymous';
  const servers = client.table.servers.map((s) => s.url).join(' ');
  switch (failure.cause) {
    case 'bind':
      return {
        name,
        status: 'crit',
        summary: `${name} cannot bind as ${who}: ${failure.message}: ${consequence}`,
        hint: `set bind_pw in ${client.path} to the current password of ${who} (or fix bind_dn), then check with postmap -q on the host`,
      };
    case 'unreachable':
    case 'timeout':
      return {
        name,
        status: 'crit',
        summary: `${name}: no LDAP server of server_host (${servers}) answers: ${failure.message}: ${consequence}`,
        hint: `check the domain controllers in server_host of ${client.path} and the network/firewall between the host and them`,
      };
    default:
      return {
        name,
        status: 'crit',
        summary: `${name} fails: ${failure.message}: ${consequence}`,
        hint: `run postmap -q with a known address against ldap:${client.path} on the host and read its warnings`,
      };
  }
}

// What the other address-keyed maps (BCC, canonical, master.cf -o overrides ...) answer for address.
export async function otherAnswers(address: string, uses: readonly MapUse[], lookup: Lookup): Promise<string[]> {
  const relevant = uses.filter((u) => !(!u.service && ROUTE_PARAMS.has(u.param)) && ADDRESS_MAP.test(u.param));
  const answers = await Promise.all(relevant.map((u) => lookup(u.ref, address)));
  return relevant.flatMap((u, i) => {
    const answer = answers[i]!;
    if (answer.kind === 'found') return [`${useLabel(u)} ${tableName(u.ref)} gives ${answer.value}`];
    if (answer.kind === 'error') return [`${useLabel(u)} ${tableName(u.ref)} fails (${answer.message})`];
    return [];
  });
}

export function routeStep(route: Route, others: readonly string[], hostName: string): Step {
  const text = describeRoute(route, tableName) + (others.length > 0 ? `; ${others.join('; ')}` : '');
  const deferred = route.finals.find((f) => f.kind === 'defer');
  const unknown = route.finals.find((f) => f.kind === 'local' && f.known === false);
  if (deferred && deferred.kind === 'defer') {
    return {
      name: route.address,
      status: 'crit',
      summary: `mail for ${route.address} is deferred on ${hostName}: ${text}`,
      hint: `fix ${tableName(deferred.table)} (see its bind step above); postfix retries the deferred mail by itself`,
    };
  }
  if (unknown) {
    const alias = [...route.aliases].reverse().find((a) => a.to.includes(unknown.address));
    const cause = alias
      ? `${tableName(alias.hit.table)} maps ${alias.hit.key} to ${alias.hit.answer.kind === 'found' ? alias.hit.answer.value : '?'}, which no local_recipient_maps table knows`
      : `${unknown.address} is not a known local recipient`;
    return {
      name: route.address,
      status: 'crit',
      summary: `mail for ${route.address} cannot be delivered on ${hostName}: ${cause} (${text})`,
      hint: alias
        ? `the directory entry ${tableName(alias.hit.table)} finds for ${alias.hit.key} must name an existing account (e.g. the contact's mailNickname = its sAMAccountName): fix it in AD`
        : `create the mailbox or the directory entry for ${unknown.address}`,
    };
  }
  return { name: route.address, status: 'ok', summary: text };
}

export function agrees(mine: PostmapAnswer, theirs: PostmapAnswer | undefined): boolean {
  if (!theirs || mine.kind !== theirs.kind) return false;
  if (mine.kind === 'found' && theirs.kind === 'found') return normalise(mine.value) === normalise(theirs.value);
  if (mine.kind === 'error' && theirs.kind === 'error') return mine.cause === theirs.cause || theirs.cause === 'other';
  return true;
}

// Entry order is the server's; compare as sets.
function normalise(v: string): string {
  return v
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .sort()
    .join(',');
}

const show = (a: PostmapAnswer | undefined): string =>
  !a
    ? 'nothing'
    : a.kind === 'found'
      ? JSON.stringify(a.value)
      : a.kind === 'not-found'
        ? 'not found'
        : `an error (${a.message})`;

export function crossCheckStep(own: readonly OwnAnswer[], theirs: readonly PostmapAnswer[]): Step {
  const differ = own.map((o, i) => ({ o, t: theirs[i] })).filter(({ o, t }) => !agrees(o.answer, t));
  if (differ.length === 0)
    return { name: 'postmap -q', status: 'ok', summary: `postmap -q agrees on all ${own.length} lookups` };
  const first = differ
    .slice(0, 3)
    .map(
      ({ o, t }) =>
        `${tableName(o.table)} for ${JSON.stringify(o.key)}: oxdoctor reads ${show(o.answer)}, postmap -q ${show(t)}`,
    );
  return {
    name: 'postmap -q',
    status: 'warn',
    summary: `postmap -q disagrees with oxdoctor's evaluation on ${differ.length} of ${own.length} lookups (${first.join('; ')})`,
    hint: "postfix acts on what postmap -q says: compare the map file with what oxdoctor read (evidence), and report a mismatch in oxdoctor's evaluation as a bug",
  };
}
