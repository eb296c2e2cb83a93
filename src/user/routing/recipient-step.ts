// The sentence of one address's route on one host: what postfix does with mail for it, and when it cannot
// deliver it, the cause in the host's own terms (which map, which entry, which AD contact) and the fix. Pure.
import type { Step } from '../../core/result.js';
import type { ForwardingContact } from '../identity.js';
import { describeExit, type Exit } from './exits.js';
import { tableName } from './host-view.js';
import type { RecipientPath } from './recipient.js';
import { routeText } from './recipient.js';
import { strayCopy, type ArchiveHostAt } from './archive-bound.js';

export interface RecipientContext {
  readonly host: string;
  readonly login: string;
  readonly contacts: readonly ForwardingContact[];
  readonly rejectCode: string; // unknown_local_recipient_reject_code
  readonly isRelay: boolean;
  readonly directoryMaps: boolean; // the host resolves recipients through virtual alias maps (server A and B)
  readonly archiveAt: ArchiveHostAt;
}

export function recipientStep(p: RecipientPath, c: RecipientContext): Step {
  const name = p.address;
  const text = routeText(p);
  const crit = (summary: string, hint: string): Step => ({
    name,
    status: 'crit',
    summary: `${c.host}: ${summary}`,
    hint,
  });
  if (p.relayCheck?.kind === 'none')
    return crit(
      `no relay_recipient_maps table knows ${p.address}, so ${c.host} rejects mail for it ("User unknown in ` +
        `relay recipient table")`,
      `add ${p.address} to relay_recipient_maps on ${c.host} (or its directory entry), then postmap/postfix reload`,
    );
  if (p.relayCheck?.kind === 'error')
    return crit(
      `relay_recipient_maps ${tableName(p.relayCheck.table)} fails for ${p.address} (${p.relayCheck.message}), ` +
        `so mail for it is deferred`,
      `fix ${tableName(p.relayCheck.table)} on ${c.host}`,
    );
  const deferred = p.route.finals.find((f) => f.kind === 'defer');
  if (deferred?.kind === 'defer')
    return crit(
      `mail for ${p.address} is deferred: ${tableName(deferred.table)} fails for ${deferred.key} (${deferred.message})`,
      `fix ${tableName(deferred.table)} on ${c.host} (routing/ldap-maps names the cause); postfix retries the ` +
        `deferred mail by itself`,
    );
  const unknown = p.route.finals.find((f) => f.kind === 'local' && f.known === false);
  if (unknown) return unknownStep(p, c, unknown.address, text);
  const bad = p.leaving.find((l) => l.exit.kind === 'bounce' || l.exit.kind === 'other');
  if (bad)
    return crit(
      `mail for ${p.address} ends in ${describeExit(bad.exit)} (${text})`,
      `check the transport_maps entry for ${p.address} on ${c.host}`,
    );
  const bcc = bccProblem(p, c);
  if (bcc) return { name, ...bcc, summary: `${c.host}: ${bcc.summary}` };
  const stranger = strangerStep(p, c, text);
  if (stranger) return stranger;
  const discarded = p.leaving.find((l) => l.exit.kind === 'discard');
  const copy = p.bcc?.copy
    ? `; archive copy ${p.bcc.copy.address} (${tableName(foundTable(p)!)}): ${routeText(p.bcc.copy)}`
    : '';
  return {
    name,
    status: discarded ? 'warn' : 'ok',
    summary: `${c.host}: ${text}${copy}`,
    ...(discarded ? { hint: `mail for ${p.address} is thrown away on ${c.host}: check transport_maps` } : {}),
  };
}

// No directory map answers for an address outside the host's domains: the seed sends such mail on to Exchange
// (relayhost), which bounces it unless it has a mailbox for it.
function strangerStep(p: RecipientPath, c: RecipientContext, text: string): Step | null {
  if (!c.directoryMaps || p.route.aliases.length > 0) return null;
  const out = p.leaving.find((l) => l.disposition.kind === 'relay');
  if (!out) return null;
  return {
    name: p.address,
    status: 'warn',
    summary:
      `${c.host}: no virtual alias map knows ${p.address} (no AD user or contact has it), so ${c.host} ` +
      `passes mail for it on (${text}), where it bounces "User unknown" unless that server has a mailbox for it`,
    hint:
      `check the address: give it to the AD user as mail or smtp: proxyAddress (postmap -q ${p.address} on ` +
      `each map of virtual_alias_maps on ${c.host})`,
  };
}

function foundTable(p: RecipientPath) {
  return p.bcc?.found.kind === 'found' ? p.bcc.found.table : undefined;
}

function unknownStep(p: RecipientPath, c: RecipientContext, address: string, text: string): Step {
  const alias = [...p.route.aliases].reverse().find((a) => a.to.includes(address));
  const code = c.rejectCode;
  const consequence = code.startsWith('4')
    ? `refuses it with ${code} ("User unknown in local recipient table"): the sender retries until the mail bounces`
    : `rejects it with ${code} ("User unknown in local recipient table")`;
  // The map's answer is what postfix sees now; the contact from AD names the entry to fix.
  const answer = alias?.hit.answer.kind === 'found' ? alias.hit.answer.value : undefined;
  const nickname =
    answer && !answer.includes('@') && answer.toLowerCase() !== c.login.toLowerCase() ? answer : undefined;
  const contact = nickname ? (c.contacts.find((k) => k.mail?.toLowerCase() === p.address) ?? c.contacts[0]) : undefined;
  const mapped = alias
    ? `${tableName(alias.hit.table)} maps ${alias.hit.key} to ${answer ?? '?'}`
    : `${p.address} stays ${address}`;
  const cause = contact
    ? `${mapped}: the forwarding contact ${contact.dn} has mailNickname ${nickname}, not the login ${c.login}`
    : `${mapped}, which no local_recipient_maps table knows`;
  return {
    name: p.address,
    status: 'crit',
    summary: `${c.host}: mail for ${p.address} cannot be delivered: ${cause}, so ${c.host} ${consequence} (${text})`,
    hint: contact
      ? `set mailNickname of ${contact.dn} to ${c.login} in AD (the seed: the contact's mailNickname is the ` +
        `account name)`
      : alias
        ? `the directory entry ${tableName(alias.hit.table)} finds for ${alias.hit.key} must name an existing ` +
          `account: fix it in AD`
        : `create the mailbox or the directory entry for ${address}`,
  };
}

function bccProblem(p: RecipientPath, c: RecipientContext): Pick<Step, 'status' | 'summary' | 'hint'> | null {
  if (!c.isRelay) return null;
  if (!p.bcc)
    return {
      status: 'crit',
      summary: `no recipient_bcc_maps here: server B receives no archive copy of mail for ${p.address}`,
      hint:
        `set recipient_bcc_maps = pcre:/etc/postfix/duplicate_mail (/^(.*?)@.*$/ \${1}@serverb.example.com) ` +
        `on ${c.host}, then postfix reload`,
    };
  const f = p.bcc.found;
  if (f.kind === 'error')
    return {
      status: 'crit',
      summary:
        `recipient_bcc_maps ${tableName(f.table)} fails for ${p.address} (${f.message}), so postfix ` +
        `defers mail for it`,
      hint: `fix ${tableName(f.table)} on ${c.host}, then postfix reload`,
    };
  if (f.kind === 'none')
    return {
      status: 'crit',
      summary: `recipient_bcc_maps gives no archive copy for ${p.address}: server B never gets one of its mail`,
      hint: `add a rule matching every recipient to the recipient_bcc_maps table on ${c.host}, then postfix reload`,
    };
  return p.bcc.copy ? strayCopy(c.host, `the archive copy of mail for ${p.address}`, p.bcc.copy, c.archiveAt) : null;
}

export function exitsOf(p: RecipientPath): Exit[] {
  return p.leaving.map((l) => l.exit);
}
