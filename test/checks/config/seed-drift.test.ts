// config/seed-drift on real configuration samples: the lab's host templates (the seed on Debian, with the lab's
// documented deviations from test/lab/oxdoctor.yaml), edited the ways hosts drift; postconf is the real binary.
import { rmSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { seedDriftCheck } from '../../../checks/config/seed-drift/index.js';
import { loadConfig } from '../../../src/config/index.js';
import type { SeedDeviation } from '../../../src/core/site.js';
import type { Outcome } from '../../../src/core/result.js';
import { makeContext } from '../../helpers/context.js';
import { labHost, type SeedHost } from './seed-hosts.js';
import { makeFacts, POSTCONF_FACT } from '../../../src/facts/postconf.js';
import { MASTER_CF_FACT } from '../../../src/facts/master-cf.js';
import { parseMasterCf } from '../../../src/postfix/master-cf.js';
import { AMAVISD_CONF_FACT } from '../../../src/facts/amavisd-conf.js';
import { parseAmavisConf } from '../../../src/amavis/amavisd-conf.js';
import { seed } from '../../facts/seed.js';

const LAB_CONFIG = fileURLToPath(new URL('../../lab/oxdoctor.yaml', import.meta.url));
let deviations: readonly SeedDeviation[] = [];
beforeAll(async () => {
  deviations = (await loadConfig({ explicitPath: LAB_CONFIG })).seedDeviations ?? [];
});

const hosts: SeedHost[] = [];
afterEach(() => {
  for (const h of hosts.splice(0)) h.tree.remove();
});

function host(name: 'relay' | 'servera' | 'serverb'): SeedHost {
  const h = labHost(name);
  hosts.push(h);
  return h;
}

const run = (h: SeedHost, accepted: readonly SeedDeviation[] = deviations): Promise<Outcome> =>
  seedDriftCheck.run(
    makeContext({
      transport: h.transport,
      host: { name: h.transport.host, roles: h.roles },
      site: { seedDeviations: accepted },
    }),
  );

const step = (o: Outcome, name: string) => o.steps?.find((s) => s.name === name);
const problems = (o: Outcome) => (o.steps ?? []).filter((s) => s.status !== 'ok').map((s) => `${s.name}: ${s.summary}`);

describe('config/seed-drift on the lab templates', () => {
  it.each(['relay', 'servera', 'serverb'] as const)('is OK on %s with the lab config deviations', async (name) => {
    const outcome = await run(host(name));
    expect(problems(outcome)).toEqual([]);
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toMatch(/^all \d+ seed settings of .* match the seed/);
  });

  it('reads each source once: one postconf for the effective values, evidence without repeats', async () => {
    const b = host('serverb');
    const ctx = makeContext({
      transport: b.transport,
      host: { name: 'serverb', roles: b.roles },
      site: { seedDeviations: deviations },
    });
    expect((await seedDriftCheck.run(ctx)).status).toBe('ok');
    const labels = ctx.evidence.map((e) => e.label);
    expect(labels.length).toBe(new Set(labels).size);
    expect(labels.filter((l) => l.startsWith('$ postconf') && !l.startsWith('$ postconf -n'))).toHaveLength(1);
    expect(labels).toEqual(expect.arrayContaining(['seed settings compared', 'seed settings not compared']));
    const compared = ctx.evidence.find((e) => e.label === 'seed settings compared')!.text;
    expect(compared).toMatch(
      /^accepted ldap-map\/adcopyfix\/result_format: %s\+sent_items@oxmail\.example\.com \[seed: %s\+Sent Items@\] from \/etc\/postfix\/adcopyfix line \d+$/m,
    );
    expect(ctx.evidence.find((e) => e.label === 'seed settings not compared')!.text).toMatch(
      /^main\.cf relayhost: site-specific/m,
    );
  });

  it('compares every source of server B and says how many settings of each match', async () => {
    const outcome = await run(host('serverb'));
    expect(outcome.summary).toMatch(
      /^all \d+ seed settings of main\.cf, master\.cf, imapd\.conf, ldapsync, ldap-map, krb5\.conf match the seed or a deviation the config accepts \(autocreate_post, autocreate_sieve_script, result_format of adcopyfix, dns_lookup_kdc\)$/,
    );
    expect(step(outcome, 'ldap-map')?.summary).toBe('5 of 6 settings as the seed sets them');
    expect(step(outcome, 'ldap-map result_format of adcopyfix')?.summary).toBe(
      'result_format of adcopyfix is %s+sent_items@oxmail.example.com instead of the seed\'s "%s+Sent Items@": ' +
        'accepted deviation (cyrus 3.6 LMTP refuses the quoted local part with a space; lmtp_fuzzy_mailbox_match maps sent_items onto Sent Items)',
    );
  });

  it("names each lab deviation when the config does not accept it, the relay's spam bypass included", async () => {
    // catches: an amavisd.conf option the seed leaves unset is set (@bypass_spam_checks_maps)
    expect(problems(await run(host('relay'), []))).toEqual([
      'amavisd.conf @bypass_spam_checks_maps: @bypass_spam_checks_maps is (1), the seed leaves it unset: spam scanning is off',
    ]);
    const b = await run(host('serverb'), []);
    expect(b.status).toBe('crit');
    expect(problems(b).map((p) => p.slice(0, p.indexOf(':')))).toEqual([
      'imapd.conf autocreate_post',
      'imapd.conf autocreate_sieve_script',
      'ldap-map result_format of adcopyfix',
      'krb5.conf dns_lookup_kdc',
    ]);
  });

  it('counts postfix defaults: a main.cf without unknown_local_recipient_reject_code runs 550, and that is CRIT', async () => {
    const a = host('servera');
    a.edit('/etc/postfix/main.cf', (t) => t.replace(/^unknown_local_recipient_reject_code = 450\n/m, ''));
    const outcome = await run(a);
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toBe(
      'unknown_local_recipient_reject_code is 550, the seed sets 450: AD lookup hiccups now bounce mail',
    );
    // catches: a main.cf option removed: postfix's default runs instead of the seed's value
    expect(outcome.hint).toBe(
      "postconf -e 'unknown_local_recipient_reject_code = 450' && postfix reload (seed: \"do not immediately reject a " +
        'mail destined to a local user when e.g. the ADS lookups fail (the default is 550)"; read from postconf)',
    );
  });

  it("is CRIT when the relay's empty mydestination is removed: postfix's default makes the relay deliver A's mail", async () => {
    const relay = host('relay');
    relay.edit('/etc/postfix/main.cf', (t) => t.replace(/^mydestination =\n/m, ''));
    const outcome = await run(relay);
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toMatch(
      /^mydestination is "\$myhostname, localhost\.\$mydomain, localhost", the seed sets empty: the relay shares myhostname/,
    );
    expect(outcome.hint).toMatch(/^postconf -e 'mydestination = ' && postfix reload/);
  });

  it("reads a master.cf service without its -o as running main.cf's value, and fixes it with postconf -P", async () => {
    const relay = host('relay');
    relay.edit('/etc/postfix/master.cf', (t) => t.replace('  -o disable_dns_lookups=yes\n', ''));
    const outcome = await run(relay);
    expect(outcome.status).toBe('warn');
    // catches: a master.cf service lost its -o override and runs main.cf's value
    expect(outcome.summary).toBe(
      'smtp-amavis -o disable_dns_lookups is no, the seed sets yes: the hand-off to amavis depends on DNS',
    );
    expect(outcome.hint).toMatch(
      /^postconf -P 'smtp-amavis\/unix\/disable_dns_lookups=yes' && postfix reload \(seed: .*; read from main\.cf \(no -o on \/etc\/postfix\/master\.cf line 4\)\)$/,
    );
  });

  it("finds server A's 11025 listener by its port whatever its address, and is CRIT when its cleanup is gone", async () => {
    const a = host('servera');
    a.edit('/etc/postfix/master.cf', (t) => t.replace('  -o cleanup_service_name=archivecleanup\n', ''));
    const outcome = await run(a);
    expect(outcome.status).toBe('crit');
    // catches: a master.cf service lost its -o override and runs main.cf's value
    expect(outcome.summary).toBe(
      '127.0.0.1:11025 -o cleanup_service_name is cleanup, the seed sets archivecleanup: sent mail gets no archive copy to server B',
    );
  });

  it('is CRIT for $final_spam_destiny other than D_PASS, with the amavisd.conf line to set', async () => {
    const relay = host('relay');
    relay.edit('/etc/amavis/amavisd.conf', (t) =>
      t.replace('$final_spam_destiny = D_PASS;', '$final_spam_destiny = D_DISCARD;'),
    );
    const outcome = await run(relay);
    expect(outcome.status).toBe('crit');
    // catches: an amavisd.conf option changed ($final_spam_destiny: spam is no longer delivered)
    expect(outcome.summary).toBe(
      '$final_spam_destiny is D_DISCARD, the seed sets D_PASS: mail marked as spam is quarantined, bounced or discarded instead of delivered',
    );
    expect(outcome.hint).toMatch(
      /^set \/etc\/amavis\/amavisd\.conf line \d+: "\$final_spam_destiny = D_PASS;", then restart amavisd/,
    );
  });

  it('is WARN for unixhierarchysep and names the imapd.conf line', async () => {
    const a = host('servera');
    a.edit('/etc/imapd.conf', (t) => t.replace('unixhierarchysep: yes', 'unixhierarchysep: no'));
    const outcome = await run(a);
    expect(outcome.status).toBe('warn');
    // catches: an imapd.conf option changed (unixhierarchysep: folder names change separator)
    expect(outcome.summary).toMatch(/^unixhierarchysep is no, the seed sets 1: folder names change separator/);
    expect(outcome.hint).toMatch(
      /^set line \d+ of \/etc\/imapd\.conf: "unixhierarchysep: 1", then restart cyrus-imapd/,
    );
  });

  it('is CRIT on server B when autocreate_inbox_folders loses Sent Items (ipurge empties INBOX), WARN on server A', async () => {
    const drop = (t: string) =>
      t.replace(
        'autocreate_inbox_folders: Drafts|Sent Items|Junk|Trash',
        'autocreate_inbox_folders: Drafts|Junk|Trash',
      );
    const a = host('servera');
    const b = host('serverb');
    a.edit('/etc/imapd.conf', drop);
    b.edit('/etc/imapd.conf', drop);
    const [onA, onB] = await Promise.all([run(a), run(b)]);
    expect(onA.status).toBe('warn');
    expect(onB.status).toBe('crit');
    // catches: imapd.conf's autocreate list lost a folder (Sent Items)
    expect(onB.summary).toMatch(
      /^autocreate_inbox_folders lacks "Sent Items" \(it is Drafts\|Junk\|Trash\), .* ipurge deletes them after 7 days$/,
    );
  });

  it("reads the seed's own cyrus 2.3 imapd.conf table (autocreatequota -1 means unlimited there)", async () => {
    const a = host('servera');
    // The seed's table, as its RHEL5 hosts have it.
    a.tree.write(
      '/etc/imapd.conf',
      `sasl_mech_list: PLAIN LOGIN
allowplaintext: 1
allowplainwithouttls: 1
autocreateinboxfolders: Drafts|Sent Items|Junk|Trash
autosubscribeinboxfolders: Drafts|Sent Items|Junk|Trash
createonpost: 1
autocreatequota: -1
unixhierarchysep: 1
autocreate_sieve_script: /opt/open-xchange/etc/groupware/Open-Xchange.script
singleinstancestore: 0
duplicatesuppression: 0
`,
    );
    const outcome = await run(a);
    expect(problems(outcome)).toEqual([]);
    expect(step(outcome, 'imapd.conf')?.summary).toBe('10 of 10 settings as the seed sets them');
    a.edit('/etc/imapd.conf', (t) => t.replace('autocreatequota: -1', 'autocreatequota: 0'));
    const off = await run(a);
    expect(off.status).toBe('crit');
    // catches: a cyrus 2.3 imapd.conf option drifted (autocreatequota 0: new users' INBOX is not created)
    expect(off.summary).toMatch(/^autocreatequota is 0, the seed sets -1: new users' INBOX is not created/);
  });

  it("accepts the seed's quoted adcopyfix result_format, and only the exact deviation the config names", async () => {
    const b = host('serverb');
    b.edit('/etc/postfix/adcopyfix', (t) =>
      t.replace(/^result_format = .*$/m, 'result_format = "%s+Sent Items@oxmail.example.com"'),
    );
    const quoted = await run(b);
    expect(problems(quoted)).toEqual([]);
    expect(step(quoted, 'ldap-map result_format of adcopyfix')).toBeUndefined(); // a match, not a deviation
    expect(step(quoted, 'ldap-map')?.summary).toBe('6 of 6 settings as the seed sets them');
    b.edit('/etc/postfix/adcopyfix', (t) =>
      t.replace(/^result_format = .*$/m, 'result_format = %s@oxmail.example.com'),
    );
    const other = await run(b);
    expect(other.status).toBe('crit');
    // catches: an LDAP map option changed (adcopyfix result_format: sent copies land in INBOX)
    expect(other.summary).toMatch(
      /^result_format of adcopyfix is %s@oxmail\.example\.com, the seed sets "%s\+Sent Items@"/,
    );
  });

  it('applies a deviation only to the hosts it names', async () => {
    const onlyB = deviations.map((d) => (d.setting === 'krb5.conf/dns_lookup_kdc' ? { ...d, hosts: ['serverb'] } : d));
    const outcome = await run(host('servera'), onlyB);
    expect(outcome.status).toBe('warn');
    // catches: a krb5.conf [libdefaults] option drifted (dns_lookup_kdc)
    expect(outcome.summary).toMatch(/^dns_lookup_kdc is false, the seed sets true/);
    expect(outcome.hint).toMatch(/^set line 10 of \/etc\/krb5\.conf: "dns_lookup_kdc = true"/);
  });

  it('is CRIT when the OX users filter of ldapsync-ads.conf changes (deleteusers would delete the rest)', async () => {
    const a = host('servera');
    a.edit('/opt/oxldapsync/etc/ldapsync-ads.conf', (t) =>
      t.replace(
        'userfilter = (&(objectclass=user)(mail=*)(extensionAttribute1=*))',
        'userfilter = (&(objectclass=user)(mail=*))',
      ),
    );
    const outcome = await run(a);
    expect(outcome.status).toBe('crit');
    // catches: an oxldapsync filter changed (userfilter: deleteusers would delete the other users)
    expect(outcome.summary).toMatch(
      /^userfilter in ldapsync-ads\.conf is \(&\(objectclass=user\)\(mail=\*\)\), the seed sets/,
    );
    expect(outcome.hint).toMatch(
      /^set userfilter = "\(&\(objectclass=user\)\(mail=\*\)\(extensionAttribute1=\*\)\)" in \/opt\/oxldapsync\/etc\/ldapsync-ads\.conf/,
    );
  });

  it("is CRIT when a main.cf option is set to another value than the seed's (postconf -e, not a default)", async () => {
    const a = host('servera');
    a.edit('/etc/postfix/main.cf', (t) =>
      t.replace(/^unknown_local_recipient_reject_code = 450$/m, 'unknown_local_recipient_reject_code = 550'),
    );
    const outcome = await run(a);
    expect(outcome.status).toBe('crit');
    // catches: a main.cf option set to another value than the seed's
    expect(outcome.summary).toBe(
      'unknown_local_recipient_reject_code is 550, the seed sets 450: AD lookup hiccups now bounce mail',
    );
  });

  it("is CRIT naming the file when an LDAP map the seed configures is gone from server B's /etc/postfix", async () => {
    const b = host('serverb');
    rmSync(`${b.tree.root}/etc/postfix/adcopyfix`);
    const outcome = await run(b);
    expect(outcome.status).toBe('crit');
    // catches: an LDAP map file the seed configures is missing
    expect(outcome.summary).toMatch(/^\S+ of adcopyfix is not set, the seed sets /);
    expect(outcome.hint).toMatch(/; read from \/etc\/postfix\/adcopyfix does not exist\)$/);
  });

  it("is WARN when OX's spam folder in an oxldapsync mapping is no longer cyrus's Junk", async () => {
    const a = host('servera');
    a.edit('/opt/oxldapsync/etc/mapping.ads.conf', (t) =>
      t.replace('mail_folder_spam_name = "Junk"', 'mail_folder_spam_name = "Spam"'),
    );
    const outcome = await run(a);
    expect(outcome.status).toBe('warn');
    // catches: an oxldapsync mapping value drifted (OX's spam folder is not cyrus's Junk)
    expect(outcome.summary).toBe(
      "mail_folder_spam_name in mapping.ads.conf is Spam, the seed sets Junk: OX's spam folder is not the Junk folder cyrus creates",
    );
    expect(outcome.hint).toMatch(/^set mail_folder_spam_name = "Junk" in \/opt\/oxldapsync\/etc\/mapping\.ads\.conf;/);
  });

  it('is CRIT when an imapd.conf option the seed sets is removed: cyrus 3 does not autocreate INBOX then', async () => {
    const a = host('servera');
    a.edit('/etc/imapd.conf', (t) => t.replace(/^autocreate_quota: 0\n/m, ''));
    const outcome = await run(a);
    expect(outcome.status).toBe('crit');
    // catches: an imapd.conf option the seed sets is removed
    expect(outcome.summary).toMatch(/^autocreate_quota is not set, the seed sets 0: /);
  });

  it('names a source the host lacks (no oxldapsync here) instead of comparing it', async () => {
    const a = host('servera');
    rmSync(`${a.tree.root}/opt/oxldapsync`, { recursive: true });
    const outcome = await run(a);
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toMatch(
      /^all \d+ seed settings of main\.cf, master\.cf, imapd\.conf, ldap-map, krb5\.conf match the seed or a deviation the config accepts \(.*\); not here: no oxldapsync confs$/,
    );
  });

  it("on postfix 2.3 (RHEL5, no postconf -P) names master.cf's line to edit, for the seed's own relay master.cf", async () => {
    // The seed's relay master.cf, without smtp-amavis's max_use; postconf -n of a 2.3 host that prints no defaults.
    const master = `smtp inet n - n - - smtpd
  -o content_filter=smtp-amavis:[127.0.0.1]:10024
  -o receive_override_options=no_address_mappings
smtp-amavis unix - - n - 2 smtp
  -o smtp_data_done_timeout=1200
  -o smtp_send_xforward_command=yes
  -o disable_dns_lookups=yes
`;
    const ctx = makeContext({
      host: { name: 'relay', roles: ['relay'] },
      facts: {
        ...seed(
          POSTCONF_FACT,
          makeFacts('postconf', new Map([['mydestination', '']]), '/etc/postfix', '2.3.3', new Map()),
        ),
        ...seed(MASTER_CF_FACT, { path: '/etc/postfix/master.cf', found: true, services: parseMasterCf(master) }),
        ...seed(AMAVISD_CONF_FACT, { files: [], conf: parseAmavisConf([]) }),
      },
    });
    const outcome = await seedDriftCheck.run(ctx);
    const maxUse = step(outcome, 'master.cf smtp-amavis -o max_use')!;
    expect(maxUse.summary).toBe(
      'smtp-amavis -o max_use is not set, the seed sets 20: amavis connections reused differently',
    );
    expect(maxUse.hint).toMatch(
      /^set "-o max_use=20" on the smtp-amavis service in \/etc\/postfix\/master\.cf line 4, then postfix reload/,
    );
    const reinjection = step(outcome, 'master.cf 127.0.0.1:10025 -o mynetworks')!;
    // catches: a master.cf service the seed adds is missing (the amavis reinjection listener on 10025)
    expect(reinjection.status).toBe('crit');
    expect(reinjection.hint).toMatch(
      /^add the seed's 127\.0\.0\.1:10025 service with "-o mynetworks=127\.0\.0\.0\/8" to/,
    );
  });
});
