// postfix/sent-copy: server A's sender_bcc_maps (archive_sentmail) has a line for every sender domain in AD,
// so every sent mail gets its copy in the sender's Sent Items on server B.
import type { Check, CheckContext } from '../../../src/core/check.js';
import { crit, ok, unknown, type Metric } from '../../../src/core/result.js';
import { masterCf } from '../../../src/facts/master-cf.js';
import { postconf, type PostconfFacts } from '../../../src/facts/postconf.js';
import { splitList } from '../../../src/postfix/main-cf.js';
import { AdUnavailable } from '../../../src/protocols/ad-directory.js';
import { lookupFirst } from '../../../src/facts/postmap-lookup.js';
import { adSenderDomains, type AdDomains } from './domains.js';
import { senderBccMaps } from '../../../src/checkkit/sender-bcc.js';
import { postfixConfigured } from '../../../src/facts/requirements.js';

// Any local part does: the seed's lines match a whole domain.
const PROBE_LOCAL_PART = 'oxdoctor-probe';

export const sentCopyCheck: Check = {
  id: 'postfix/sent-copy',
  title: 'sent-mail archive copy',
  roles: ['groupware'],
  proves:
    'sender_bcc_maps (archive_sentmail) has a line for every sender domain found in AD mail/proxyAddresses, evaluated with postmap -q',
  catches: [
    'no smtpd listener applies sender_bcc_maps: sent mail gets no copy in Sent Items',
    "a sender domain in AD has no line in archive_sentmail: its users' sent mail gets no copy",
    'sender_bcc_maps table missing or unreadable: postfix defers sent mail',
  ],
  misses: [
    'a line that rewrites to the wrong archive domain (value not compared; postmap -q user@DOMAIN TABLE)',
    'sent mail never reaching the 11025 listener (procmail/altermime/ssmtp chain: postfix/pipeline)',
    'the copies routed to server B and accepted there (postfix/handoffs, postfix/archive-copy on serverb)',
    "copies deferred in server A's queue (queue/depth; mailq)",
    'addresses users send from that AD does not list in mail/proxyAddresses (not known to AD)',
  ],
  timeoutMs: 30_000,
  requires: [postfixConfigured],
  async run(ctx) {
    const [pc, master] = await Promise.all([postconf(ctx), masterCf(ctx)]);
    const bcc = senderBccMaps(master.services, pc);
    if (bcc.length === 0) {
      if (ctx.host.roles.includes('archive')) {
        return ok(
          `${ctx.host.name} is the archive: it receives the sent-mail copies and applies no sender_bcc_maps itself`,
        );
      }
      return crit(
        `no smtpd listener on ${ctx.host.name} applies sender_bcc_maps: sent mail gets no copy in the senders' Sent Items on server B (seed: localhost:11025 with cleanup archivecleanup, -o sender_bcc_maps=pcre:/etc/postfix/archive_sentmail)`,
        {
          hint: "add the seed's archivecleanup service (cleanup with -o sender_bcc_maps=pcre:/etc/postfix/archive_sentmail) and -o cleanup_service_name=archivecleanup on localhost:11025 in master.cf, then postfix reload",
        },
      );
    }
    let ad: AdDomains;
    try {
      ad = await adSenderDomains(ctx);
    } catch (err) {
      if (!(err instanceof AdUnavailable)) throw err;
      return unknown(`cannot list the sender domains: ${err.message}`, {
        hint: 'see service/ldap for the AD connection; this check needs endpoints.ldap',
      });
    }
    return compare(ctx, pc, bcc, ad);
  },
};

async function compare(ctx: CheckContext, pc: PostconfFacts, bcc: ReturnType<typeof senderBccMaps>, ad: AdDomains) {
  const own = ownDomains(pc);
  const skipped = [...ad.users.keys()].filter((d) => own.has(d));
  if (skipped.length > 0)
    ctx.record(
      'not sender domains',
      `${skipped.join(', ')}: this host's own mydestination (mail for OX users), not a domain users send from`,
    );
  const domains = [...ad.users.keys()].filter((d) => !own.has(d)).sort();
  if (domains.length === 0) {
    return unknown(
      `AD has no sender domain to compare with (users matching ${ad.filter} have addresses only in ${skipped.join(', ') || 'no domain'})`,
      {
        hint: 'check endpoints.ldap.baseDn and the oxldapsync userfilter',
      },
    );
  }
  const probes = domains.map((d) => `${PROBE_LOCAL_PART}@${d}`);
  const gaps: string[] = [];
  const missingAll = new Set<string>();
  const where: string[] = [];
  for (const entry of bcc) {
    const answer = await lookupFirst(ctx, pc, entry.tables, probes);
    const maps = `${entry.tables.join(' ')} (sender_bcc_maps of ${entry.users.join(', ')})`;
    if (answer.error)
      return crit(`${maps} cannot be read, so postfix defers sent mail: ${answer.error}`, {
        hint: 'fix the table named above, then postfix reload',
      });
    const missing = domains.filter((_, i) => !answer.found.has(probes[i]!));
    for (const d of missing) missingAll.add(d);
    if (missing.length > 0)
      gaps.push(`${maps} has no line for ${missing.map((d) => `${d} (${ad.users.get(d)} AD users)`).join(', ')}`);
    where.push(maps);
  }
  const metrics: Metric[] = [
    { label: 'sender_domains', value: domains.length, min: 0 },
    { label: 'domains_without_copy', value: missingAll.size, min: 0, crit: '0' },
  ];
  if (gaps.length > 0) {
    const example = [...missingAll][0] ?? 'example.org';
    return crit(
      `sender domain ${[...missingAll].join(', ')} missing: ${gaps.join('; ')}; mail sent by those users gets no copy in their Sent Items on server B`,
      {
        metrics,
        hint: `add a line per missing domain to the map, e.g. /^(.*?)@${example.replace(/\./g, '\\.')}$/ \${1}@serverb.example.com, then postfix reload`,
      },
    );
  }
  return ok(`every sender domain in AD (${domains.join(', ')}) has a line in ${where.join('; ')}`, { metrics });
}

// mydestination of this host, expanded: the OX-internal domain (oxmail.example.com in the seed) is where mail
// is delivered, not an address users send from; the seed's archive_sentmail has no line for it.
function ownDomains(pc: PostconfFacts): Set<string> {
  const dest = pc.expand(pc.get('mydestination') ?? '$myhostname, localhost.$mydomain, localhost');
  return new Set(
    splitList(dest)
      .filter((d) => !d.includes('$') && !d.includes(':') && !d.startsWith('/'))
      .map((d) => d.toLowerCase()),
  );
}
