// The sentence of one address as a SENDER on a groupware host: the copy sender_bcc_maps makes of what the user
// sends (for Sent Items on server B), or why there is none. Pure.
import type { Step } from '../../core/result.js';
import { domainOf } from '../../postfix/recipient-route.js';
import { tableName } from './host-view.js';
import type { SenderCopy } from './sender.js';
import { routeText } from './recipient.js';
import { strayCopy, type ArchiveHostAt } from './archive-bound.js';

export function senderStep(
  host: string,
  address: string,
  copies: readonly SenderCopy[],
  localDomains: readonly string[],
  archiveAt: ArchiveHostAt,
): Step {
  const name = `sent as ${address}`;
  const domain = domainOf(address);
  for (const c of copies) {
    const used = `${c.tables} (sender_bcc_maps of ${c.users.join(', ')})`;
    if (c.found.kind === 'error')
      return {
        name,
        status: 'crit',
        summary:
          `${host}: ${tableName(c.found.table)} fails for ${address} (${c.found.message}), so postfix ` +
          `defers what it sends`,
        hint: `fix ${tableName(c.found.table)} on ${host}, then postfix reload`,
      };
    if (c.found.kind === 'none') {
      // The OX mail domain (mydestination) is where mail is delivered, not a domain users send from.
      if (localDomains.includes(domain))
        return {
          name,
          status: 'ok',
          summary:
            `${host}: ${address} is in ${host}'s own domain ${domain}, not a sender domain: no sent copy ` + `expected`,
        };
      return {
        name,
        status: 'crit',
        summary:
          `${host}: sender domain ${domain} missing: ${used} has no line for ${address}, so mail it sends ` +
          `gets no copy in its Sent Items on server B`,
        hint:
          `add /^(.*?)@${domain.replace(/\./g, '\\.')}$/ \${1}@serverb.example.com to ${c.tables} on ` +
          `${host}, then postfix reload`,
      };
    }
    const stray = c.copy && strayCopy(host, `the Sent Items copy of mail sent as ${address}`, c.copy, archiveAt);
    if (stray) return { name, ...stray, summary: `${host}: ${stray.summary}` };
    if (c.copy)
      return {
        name,
        status: 'ok',
        summary:
          `${host}: mail sent as ${address} gets a Sent Items copy ${c.copy.address} ` +
          `(${tableName(c.found.table)}): ${routeText(c.copy)}`,
      };
  }
  return { name, status: 'ok', summary: `${host}: no sender_bcc_maps here` };
}
