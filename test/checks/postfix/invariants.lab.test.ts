// The seed's postfix invariants on the lab: OK on the hosts whose roles they cover, CRIT naming the cause under
// each fault, OK again after heal. Real postfix, postmap, slapd and sshd; the lab's own config.
import { beforeAll, describe, expect, it } from 'vitest';
import { archiveCopyCheck } from '../../../checks/postfix/archive-copy/index.js';
import { relayFilterCheck } from '../../../checks/postfix/relay-filter/index.js';
import { sentCopyCheck } from '../../../checks/postfix/sent-copy/index.js';
import type { SiteConfig } from '../../../src/config/types.js';
import type { Check } from '../../../src/core/check.js';
import type { Result } from '../../../src/core/result.js';
import { breakFault, healFault } from '../../lab/lab.js';
import { labSite, runChecks, show } from '../mailbox/run.js';

const CHECKS = [relayFilterCheck, archiveCopyCheck, sentCopyCheck];
let site: SiteConfig;

beforeAll(async () => {
  site = await labSite();
}, 60_000);

const on = (results: readonly Result[], check: string, host: string): Result => {
  const r = results.find((x) => x.check === check && x.host === host);
  if (!r) throw new Error(`no result for ${check} on ${host}:\n${show(results)}`);
  return r;
};

// Breaks the fault, sweeps, heals (always), then sweeps again: [broken, healed].
async function underFault(fault: string, checks: readonly Check[]): Promise<[Result[], Result[]]> {
  await breakFault(fault);
  let broken: Result[];
  try {
    broken = await runChecks(site, checks);
  } finally {
    await healFault(fault);
  }
  return [broken, await runChecks(site, checks)];
}

const problems = (results: readonly Result[]): string[] =>
  results.filter((r) => r.status !== 'ok').map((r) => `${r.check}@${r.host}: ${r.summary}`);

describe('postfix invariants on the lab', () => {
  it('are OK on the relay, server A and server B of the healthy lab, each saying what it verified', async () => {
    const results = await runChecks(site, CHECKS);
    expect(results.map((r) => `${r.check}@${r.host}`).sort()).toEqual([
      'postfix/archive-copy@relay',
      'postfix/archive-copy@serverb',
      'postfix/relay-filter@relay',
      'postfix/sent-copy@servera',
      'postfix/sent-copy@serverb',
    ]);
    expect(problems(results)).toEqual([]);
    expect(on(results, 'postfix/relay-filter', 'relay').summary).toMatch(
      /port 25 hands mail to amavis via content_filter=smtp-amavis:\[127\.0\.0\.1\]:10024 .* amavis hands mail back on 127\.0\.0\.1:10025/,
    );
    expect(on(results, 'postfix/archive-copy', 'relay').summary).toMatch(
      /test1001@example\.com to test1001@serverb\.example\.com, .* smtpcopy:\[127\.0\.10\.4\]:10025, which calls itself archive\.example\.com while server B at 127\.0\.10\.4:10025 greets as oxmail\.example\.com/,
    );
    expect(on(results, 'postfix/archive-copy', 'serverb').summary).toMatch(
      /pcre:\/etc\/postfix\/copyfix is the first virtual alias map; :10026 files sent-mail copies through copycleanup with ldap:\/etc\/postfix\/adcopyfix/,
    );
    expect(on(results, 'postfix/sent-copy', 'servera').summary).toMatch(
      /every sender domain in AD \(example\.com, example\.org\) has a line in pcre:\/etc\/postfix\/archive_sentmail \(sender_bcc_maps of 127\.0\.0\.1:11025 via archivecleanup/,
    );
    expect(on(results, 'postfix/sent-copy', 'serverb').summary).toMatch(/serverb is the archive/);
    const evidence = JSON.stringify(on(results, 'postfix/sent-copy', 'servera').evidence);
    expect(evidence).toContain('postmap -q - pcre:/etc/postfix/archive_sentmail');
  });

  it('reinjection-loop: relay-filter is CRIT saying mail loops through amavis, and OK after heal', async () => {
    const [broken, healed] = await underFault('reinjection-loop', [relayFilterCheck]);
    const r = on(broken, 'postfix/relay-filter', 'relay');
    expect(r.status, show(broken)).toBe('crit');
    expect(r.summary).toMatch(
      /mail loops through amavis: the re-injection listener 127\.0\.0\.1:10025 \(master\.cf line \d+\) hands scanned mail back to amavis again/,
    );
    expect(r.hint).toContain('-o content_filter=');
    expect(problems(healed)).toEqual([]);
  });

  it('bcc-transport-loop: archive-copy is CRIT on the relay naming the own-hostname loop, server B stays OK, and OK after heal', async () => {
    const [broken, healed] = await underFault('bcc-transport-loop', [archiveCopyCheck]);
    const r = on(broken, 'postfix/archive-copy', 'relay');
    expect(r.status, show(broken)).toBe('crit');
    expect(r.summary).toMatch(
      /the archive copies loop: smtpcopy \(master\.cf line \d+\) calls itself oxmail\.example\.com \(the relay's own myhostname, no -o myhostname\) and server B at 127\.0\.10\.4:10025 greets with the same name/,
    );
    expect(r.summary).toContain('server is greeting me with my own hostname');
    expect(r.hint).toContain('-o myhostname=');
    expect(on(broken, 'postfix/archive-copy', 'serverb').status).toBe('ok');
    expect(problems(healed)).toEqual([]);
  });

  it('copyfix-not-first: archive-copy is CRIT on server B saying copyfix is not first, and OK after heal', async () => {
    const [broken, healed] = await underFault('copyfix-not-first', [archiveCopyCheck]);
    const r = on(broken, 'postfix/archive-copy', 'serverb');
    expect(r.status, show(broken)).toBe('crit');
    expect(r.summary).toMatch(
      /copyfix is not first: pcre:\/etc\/postfix\/copyfix is entry 3 of virtual_alias_maps, after ldap:\/etc\/postfix\/adlocalrecipients, ldap:\/etc\/postfix\/exchrecipients/,
    );
    expect(r.hint).toContain(
      'virtual_alias_maps = pcre:/etc/postfix/copyfix ldap:/etc/postfix/adlocalrecipients ldap:/etc/postfix/exchrecipients',
    );
    expect(on(broken, 'postfix/archive-copy', 'relay').status).toBe('ok');
    expect(problems(healed)).toEqual([]);
  });

  it('sender-domain-missing: sent-copy is CRIT on server A naming example.org and its AD users, and OK after heal', async () => {
    const [broken, healed] = await underFault('sender-domain-missing', [sentCopyCheck]);
    const r = on(broken, 'postfix/sent-copy', 'servera');
    expect(r.status, show(broken)).toBe('crit');
    expect(r.summary).toMatch(
      /^sender domain example\.org missing: pcre:\/etc\/postfix\/archive_sentmail .* has no line for example\.org \(\d+ AD users\)/,
    );
    expect(r.summary).not.toMatch(/example\.com \(/);
    expect(r.metrics.find((m) => m.label === 'domains_without_copy')?.value).toBe(1);
    expect(on(broken, 'postfix/sent-copy', 'serverb').status).toBe('ok');
    expect(problems(healed)).toEqual([]);
  });
});
