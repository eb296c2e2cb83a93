// The relay's half of the archive copy: recipient_bcc_maps rewrites to the archive domain, transport_maps sends
// that domain through its own transport, and that transport does not call itself by server B's name.
import type { CheckContext } from '../../../src/core/check.js';
import type { Step } from '../../../src/core/result.js';
import type { MasterCfFacts } from '../../../src/facts/master-cf.js';
import type { PostconfFacts } from '../../../src/facts/postconf.js';
import { parseNextHop } from '../../../src/postfix/content-filter.js';
import { tableRefs } from '../../../src/postfix/main-cf.js';
import { findService } from '../../../src/postfix/master-cf.js';
import { domainOf } from '../../../src/postfix/postmap-stdin.js';
import { probeSmtp } from '../../../src/protocols/smtp.js';
import { openerFor, remainingMs } from '../../../src/checkkit/probe.js';
import { lookupFirst, type TableAnswer } from '../../../src/facts/postmap-lookup.js';

const NAME = 'relay BCC';
const crit = (summary: string, hint: string): Step => ({ name: NAME, status: 'crit', summary, hint });

export async function relayCopyStep(ctx: CheckContext, pc: PostconfFacts, master: MasterCfFacts): Promise<Step> {
  const bccMaps = tableRefs(pc.get('recipient_bcc_maps') ?? '').map((t) => t.text);
  if (bccMaps.length === 0) {
    return crit(
      'the relay has no recipient_bcc_maps: server B receives no archive copy of incoming mail (seed: recipient_bcc_maps = pcre:/etc/postfix/duplicate_mail)',
      'set recipient_bcc_maps = pcre:/etc/postfix/duplicate_mail in main.cf with the line /^(.*?)@.*$/ ${1}@serverb.example.com, then postfix reload',
    );
  }
  const address = (
    ctx.site.testUser?.address ?? `postmaster@${pc.expand(pc.get('mydomain') ?? 'example.com')}`
  ).toLowerCase();
  const bcc = await lookupFirst(ctx, pc, bccMaps, [address]);
  if (bcc.error)
    return crit(
      `recipient_bcc_maps cannot be read, so postfix defers incoming mail: ${bcc.error}`,
      'fix the table named above (path, type, syntax), then postfix reload',
    );
  const copy = bcc.found.get(address)?.value;
  if (!copy) {
    return crit(
      `recipient_bcc_maps (${bccMaps.join(' ')}) gives no BCC for ${address}: server B gets no archive copy of its mail (seed: /^(.*?)@.*$/ \${1}@serverb.example.com)`,
      `add a rule matching every recipient to ${bccMaps[0]}, then postfix reload (and postmap it if it is a hash/btree table)`,
    );
  }
  const archiveDomain = domainOf(copy);
  if (archiveDomain === '' || archiveDomain === domainOf(address)) {
    return crit(
      `recipient_bcc_maps copies ${address} to ${copy}, which is not an archive domain: the copy goes where the original goes, not to server B`,
      `make ${bccMaps[0]} rewrite to <localpart>@serverb.example.com (the domain transport_maps sends to server B)`,
    );
  }
  const transportMaps = tableRefs(pc.get('transport_maps') ?? '').map((t) => t.text);
  const route: TableAnswer =
    transportMaps.length > 0 ? await lookupFirst(ctx, pc, transportMaps, [archiveDomain]) : { found: new Map() };
  if (route.error)
    return crit(
      `transport_maps cannot be read, so postfix defers mail: ${route.error}`,
      'fix the table named above, postmap it, then postfix reload',
    );
  const entry = route.found.get(archiveDomain)?.value;
  const hop = entry ? parseNextHop(entry) : null;
  if (!hop) {
    const relayhost = pc.get('relayhost') || 'the MX of that domain';
    return crit(
      `transport_maps has no entry for ${archiveDomain}: the archive copies (${copy}) follow ${relayhost} instead of going to server B (seed: ${archiveDomain} smtpcopy:[server B]:10025)`,
      `add "${archiveDomain} smtpcopy:[server B]:10025" to ${transportMaps[0] ?? 'hash:/etc/postfix/transport (and transport_maps in main.cf)'}, run postmap on it, then postfix reload`,
    );
  }
  const service = findService(master.services, hop.transport, 'unix');
  if (!service) {
    return crit(
      `transport ${hop.transport} (transport_maps: ${archiveDomain} ${entry}) is not defined in master.cf: the archive copies to server B defer`,
      `add "${hop.transport} unix - - n - - smtp" with "-o myhostname=archive.example.com" to master.cf, then postfix reload`,
    );
  }
  const own = service.overrides.get('myhostname');
  const relayName = pc.expand(pc.get('myhostname') ?? '');
  const copyName = own !== undefined ? pc.expand(own) : relayName;
  const target = `${hop.host ?? hop.nexthop}:${hop.port ?? 25}`;
  const greeting = hop.host ? await greetingName(ctx, hop.host, hop.port ?? 25) : undefined;
  const chain = `recipient_bcc_maps copies ${address} to ${copy}, transport_maps sends ${archiveDomain} via ${entry}`;
  const loopHint = `add "-o myhostname=archive.example.com" (a name server B does not use) under ${hop.transport} in master.cf, then postfix reload`;
  if (greeting !== undefined && greeting.toLowerCase() === copyName.toLowerCase()) {
    return crit(
      `the archive copies loop: ${hop.transport} (master.cf line ${service.line}) calls itself ${copyName}${own === undefined ? " (the relay's own myhostname, no -o myhostname)" : ''} and server B at ${target} greets with the same name, so postfix refuses them ("server is greeting me with my own hostname": mail loops back to myself)`,
      loopHint,
    );
  }
  if (greeting === undefined && own === undefined) {
    return {
      name: NAME,
      status: 'crit',
      summary: `${hop.transport} (master.cf line ${service.line}) has no -o myhostname: it greets server B as ${relayName}, the name every host of this deployment shares, and B's greeting with that same name makes postfix refuse the copies ("server is greeting me with my own hostname"); B at ${target} could not be asked`,
      hint: loopHint,
    };
  }
  const theirs =
    greeting === undefined
      ? `server B at ${target} did not greet (see service/smtp)`
      : `server B at ${target} greets as ${greeting}`;
  return { name: NAME, status: 'ok', summary: `${chain}, which calls itself ${copyName} while ${theirs}` };
}

// The name the next hop greets with (its myhostname), or undefined when it cannot be asked from here.
async function greetingName(ctx: CheckContext, host: string, port: number): Promise<string | undefined> {
  const result = await probeSmtp(openerFor(ctx, host, port), {
    signal: ctx.signal,
    timeoutMs: Math.min(5000, remainingMs(ctx)),
  });
  ctx.record(
    `SMTP greeting of ${host}:${port} (${result.durationMs} ms)`,
    result.transcript.join('\n') || (result.ok ? '' : result.message),
  );
  return result.ok ? result.value.greetingHost || undefined : undefined;
}
