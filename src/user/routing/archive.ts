// On the archive host (server B): the relay's copy of the user's incoming mail turned back into the user's address
// by copyfix (which must be the first virtual alias map), and server A's copy of the user's sent mail filed by the
// listener's own cleanup (copycleanup with adcopyfix) into <login>+Sent Items.
import type { Step } from '../../core/result.js';
import { tableRefs } from '../../postfix/main-cf.js';
import { findService, inetListeners } from '../../postfix/master-cf.js';
import type { ArchiveCopy } from './archive-inputs.js';
import { describeExit } from './exits.js';
import { tableName, type HostView } from './host-view.js';
import { routed, routeText, type Routed } from './recipient.js';

export async function inboundCopyStep(view: HostView, c: ArchiveCopy, login: string): Promise<Step> {
  const r = await routed(view, c.copy);
  const name = `archive copy ${c.copy}`;
  const text = routeText(r);
  const what = `the archive copy of mail for ${c.original} (${c.from} sends it as ${c.copy})`;
  const problem = routeProblem(r, view.name);
  if (problem) return { name, status: 'crit', summary: `${view.name}: ${what} ${problem.summary}`, hint: problem.hint };
  const first = r.route.aliases[0];
  if (!first) {
    return {
      name,
      status: 'crit',
      summary: `${view.name}: no virtual alias map turns ${what} back into a user's address, so it leaves by ${text}`,
      hint:
        `put the seed's pcre:/etc/postfix/copyfix (/^(.*?)@serverb.example.com$/ \${1}@oxmail.example.com) ` +
        `first in virtual_alias_maps on ${view.name}, then postfix reload`,
    };
  }
  const maps = view.config.virtualAliasMaps;
  const position = maps.findIndex((t) => t.type === first.hit.table.type && t.name === first.hit.table.name);
  if (position > 0) {
    const before = maps.slice(0, position).map(tableName).join(', ');
    const rest = [maps[position]!, ...maps.filter((_, i) => i !== position)].map((t) => t.text).join(' ');
    return {
      name,
      status: 'crit',
      summary:
        `${view.name}: copyfix is not the first virtual alias map: ${tableName(first.hit.table)}, which ` +
        `reverts ${what}, is entry ${position + 1} after ${before}, so an answer of those for ${c.copy} wins ` +
        `over the revert (seed: copyfix must be first)`,
      hint: `postconf -e 'virtual_alias_maps = ${rest}' on ${view.name}, then postfix reload`,
    };
  }
  const mailbox = r.leaving.find((l) => l.exit.kind === 'local');
  const owner = mailbox?.disposition.address.split('@')[0] ?? '';
  if (!mailbox) {
    return {
      name,
      status: 'crit',
      summary: `${view.name}: ${what} is not delivered into a mailbox here: ${text}`,
      hint:
        `compare pcre:/etc/postfix/copyfix and the ldap maps on ${view.name} with the seed (postmap -q ` +
        `${c.copy} each map)`,
    };
  }
  const other =
    owner.toLowerCase() !== login.toLowerCase() && !owner.toLowerCase().startsWith(`${login.toLowerCase()}+`);
  return {
    name,
    status: 'ok',
    summary:
      `${view.name} files ${what} into ` +
      `${mailbox.disposition.address}${other ? ` (the mailbox name AD gives, not the login ${login})` : ''}: ${text}`,
  };
}

export async function sentCopyStep(view: HostView, c: ArchiveCopy, login: string): Promise<Step> {
  const name = `sent copy ${c.copy}`;
  const what =
    `the copy of mail ${login} sends as ${c.original} (${c.from} sends it as ` +
    `${c.copy}${c.port ? ` to port ${c.port}` : ''})`;
  const listener = inetListeners(view.services).find((l) => l.service.command === 'smtpd' && l.port === c.port);
  if (!listener) {
    return {
      name,
      status: 'crit',
      summary:
        `${view.name}: no smtpd listens on port ${c.port ?? '?'} for ${what}: it stays deferred on ` +
        `${c.from} and never reaches Sent Items`,
      hint:
        `add the seed's ":10026 inet n - n - - smtpd -o cleanup_service_name=copycleanup" to master.cf on ` +
        `${view.name}, then postfix reload`,
    };
  }
  const cleanupName =
    listener.overrides.get('cleanup_service_name') ?? view.pc.get('cleanup_service_name') ?? 'cleanup';
  const cleanup = findService(view.services, cleanupName, 'unix');
  const own = cleanup?.overrides.get('virtual_alias_maps');
  const maps = own !== undefined ? tableRefs(view.pc.expand(own)) : view.config.virtualAliasMaps;
  const where = `${listener.service.name} (master.cf line ${listener.service.line}) via ${cleanupName}`;
  const r = await routed(view, c.copy, { ...view.config, virtualAliasMaps: maps, localRecipientMaps: null });
  const text = routeText(r);
  const problem = routeProblem(r, view.name);
  if (problem) return { name, status: 'crit', summary: `${view.name}: ${what} ${problem.summary}`, hint: problem.hint };
  const local = r.leaving.find((l) => l.exit.kind === 'local');
  const target = local?.disposition.address ?? '';
  const [user = '', extension = ''] = target.split('@')[0]!.split('+');
  if (local && user.toLowerCase() === login.toLowerCase() && /sent/i.test(extension)) {
    return {
      name,
      status: 'ok',
      summary: `${view.name} files ${what} into ${login}'s Sent Items (${target}) through ${where}: ${text}`,
    };
  }
  const own2 =
    own === undefined ? `${cleanupName} has no -o virtual_alias_maps of its own` : `${own} gives no <login>+Sent Items`;
  return {
    name,
    status: 'crit',
    summary:
      `${view.name}: ${what} ends as ${target || describeExit(r.leaving[0]!.exit)}, not in ${login}'s ` +
      `Sent Items (${where}: ${own2}; ${text})`,
    hint:
      own === undefined
        ? `on ${view.name}, add "-o cleanup_service_name=copycleanup" under ${listener.service.name} and ` +
          `"copycleanup unix n - n - 0 cleanup -o virtual_alias_maps=ldap:/etc/postfix/adcopyfix", then postfix reload`
        : `check ${own} on ${view.name}: for ${c.copy} it must give ${login}+Sent Items@<OX mail domain> ` +
          `(postmap -q ${c.copy} ${own})`,
  };
}

// A deferral or an unknown local recipient on the way (the sentence goes after the subject).
function routeProblem(r: Routed, host: string): { summary: string; hint: string } | null {
  const deferred = r.route.finals.find((f) => f.kind === 'defer');
  if (deferred?.kind === 'defer')
    return {
      summary: `is deferred: ${tableName(deferred.table)} fails for ${deferred.key} (${deferred.message})`,
      hint:
        `fix ${tableName(deferred.table)} on ${host} (routing/ldap-maps names the cause); postfix retries by ` +
        `itself`,
    };
  const unknown = r.route.finals.find((f) => f.kind === 'local' && f.known === false);
  if (unknown)
    return {
      summary:
        `ends at ${unknown.address}, which no local_recipient_maps table on ${host} knows, so it is ` +
        `refused (${routeText(r)})`,
      hint: `make the directory entry behind the alias name an existing account, or create ${unknown.address}`,
    };
  return null;
}
