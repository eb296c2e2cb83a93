// The sentences of routing/ldap-maps: one step per ldap map (bind) and per test address (route). The cross-check
// against postmap -q and the route config are shared with oxdoctor user (src/checkkit).
import type { Step } from '../../../src/core/result.js';
import { useLabel, type MapUse } from '../../../src/postfix/map-inventory.js';
import { describeRoute, type Lookup, type Route } from '../../../src/postfix/recipient-route.js';
import type { LdapMapClient, Opened } from '../../../src/protocols/ldap-map-client.js';
import { tableName } from '../../../src/checkkit/postmap-cross-check.js';

const ROUTE_PARAMS = new Set(['virtual_alias_maps', 'local_recipient_maps', 'transport_maps']);
// Maps keyed by an address whose answer says something about routing; never password maps.
const ADDRESS_MAP = /(^|_)(bcc|canonical|relocated|virtual_alias|virtual_mailbox|recipient|sender_login)_maps$/;

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
