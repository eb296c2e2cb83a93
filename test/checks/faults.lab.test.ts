// Every lab fault whose listed checks exist already: injected, those checks turn non-OK on some host with a
// summary naming the cause; healed, the same checks are OK everywhere again. Real servers, the real runner,
// the lab's own config (test/lab/oxdoctor.yaml).
import { beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { checks as catalogue } from '../../checks/index.js';
import { loadConfig } from '../../src/config/index.js';
import type { SiteConfig } from '../../src/config/types.js';
import type { Result } from '../../src/core/result.js';
import { plan } from '../../src/runner/plan.js';
import { Runner } from '../../src/runner/runner.js';
import { TransportPool } from '../../src/transport/index.js';
import { breakFault, healFault, listFaults, type LabFault } from '../lab/lab.js';

const CONFIG = fileURLToPath(new URL('../lab/oxdoctor.yaml', import.meta.url));
const known = new Set(catalogue.map((c) => c.id));

// What each fault must make the checks say (the cause, not just a status).
const CAUSES: Record<string, RegExp> = {
  'ajp-node-down': /AJP connector at 127\.0\.10\.2:8009 refused the connection/,
  'balancer-route-mismatch': /has AJP_JVM_ROUTE OX-3 .* but the balancer oxcluster expects route=OX-1/,
  'amavis-down': /amavisd at 127\.0\.0\.1:10024 refused the connection/,
  'clamd-down': /clamd at .* refused the connection/,
  'clamd-signatures-old':
    /newest local signature file \/var\/lib\/clamav\/lab\.ndb is 7[12]\d(\.\d)? h old \(30(\.\d)? d; expected under 48 h\)/,
  'bcc-transport-loop':
    /the archive copies loop: smtpcopy .* calls itself oxmail\.example\.com .* server B at 127\.0\.10\.4:10025 greets with the same name/,
  'copyfix-not-first': /copyfix is not first: pcre:\/etc\/postfix\/copyfix is entry 3 of virtual_alias_maps/,
  'clock-skew': /servera is (5\d\d|6\d\d)(\.\d+)? s ahead of oxdoctor's clock/,
  'contact-nickname-wrong':
    /ldap:\/etc\/postfix\/adlocalrecipients maps oxex01 to oxex01\.old, which no local_recipient_maps table knows/,
  'ldap-bind-password-wrong':
    /ldap:\/etc\/postfix\/adlocalrecipients cannot bind as CN=svc-postfix,OU=Service Accounts,DC=example,DC=com: invalid credentials \(rc 49\)/,
  'configdb-password-wrong':
    /failed twice with a storage error \(exit 106, "configdb unreachable"\), but the configdb at 127\.0\.10\.2:3313 answers from servera .*: OX itself cannot use it/,
  'configdb-down': /configdb MySQL at 127\.0\.10\.2:3313 refused the connection/,
  'deferred-backlog':
    /\d+ deferred \(expected at most 50\), \d+ for Exchange 127\.0\.10\.20:25: Connection refused; is Exchange down\?/,
  'cron-down': /^cron is not running on serverb \(no live crond pid file or cron process\): none of the OX jobs runs/,
  'cyrus-down': /refused the connection|is missing or nobody listens/,
  'procmailrc-missing':
    /\/etc\/postfix\/procmailrc \(\/usr\/bin\/procmail's rcfile\) is missing: mail from smtp, smtps is deferred by the procmail pipe/,
  'pipe-reinjection-gone': /hands mail back to 127\.0\.0\.1:11025 .*where master\.cf runs no smtpd/,
  'lmtp-socket-perms': /postfix \(uid \d+, groups [\d ]+\) may not connect: \/var\/lib\/imap\/socket is drwx------/,
  'expired-password': /the password of test1001@AD\.EXAMPLE\.COM has expired/,
  'account-expired': /the account test1001@AD\.EXAMPLE\.COM has expired/,
  'disk-nearly-full': /\/var\/log has \d(\.\d)?% free/,
  'log-inodes-full': /\/var\/log has [0-4](\.\d)?% of its inodes free \(\d+ of \d+; holds \/var\/log \(logs\)/,
  'kdc-down': /cannot contact any KDC \(127\.0\.10\.10:88\)/,
  'next-hop-unreachable': /smtpd .* at 127\.0\.10\.2:(25|10025) refused the connection/,
  'reinjection-refused':
    /relayhost in main\.cf -> smtp:\[127\.0\.10\.2\]:10025 is refused by servera's :10025 .* not in mynetworks 127\.0\.0\.1\/32/,
  'reinjection-listener-gone':
    /relayhost in main\.cf -> smtp:\[127\.0\.10\.2\]:10025 is refused: master\.cf has no listener on port 10025/,
  'reinjection-loop':
    /mail loops through amavis: the re-injection listener 127\.0\.0\.1:10025 .* hands scanned mail back to amavis/,
  'postmap-not-run': /\/etc\/postfix\/transport was edited .* postmap hash:\/etc\/postfix\/transport is run/,
  'sent-items-no-post-acl': /lack(s)? "anyone p"/,
  'sync-truncated': /the sync stops at AD's 1000-entry size limit/,
  'saslauthd-down':
    /^saslauthd \(mech kerberos5, socket \/run\/saslauthd\/mux\) is not running: every IMAP password login on servera fails \(test1001's password is good: kinit test1001@AD\.EXAMPLE\.COM gets a ticket\)$/,
  'user-missing-from-ox': /test user test1001 is missing from OX context 1 on servera/,
  'sender-domain-missing': /sender domain example\.org missing: .*archive_sentmail .* has no line for example\.org/,
  'sieve-down': /\/etc\/cyrus\.conf has no timsieved service/,
  'seed-setting-drift':
    /^unknown_local_recipient_reject_code is 550, the seed sets 450: AD lookup hiccups now bounce mail/,
};

let site: SiteConfig;
let faults: LabFault[] = [];

beforeAll(async () => {
  site = await loadConfig({ explicitPath: CONFIG });
  faults = (await listFaults()).filter((f) => f.checks.some((c) => known.has(c)));
}, 120_000);

// Fresh connections each time, as every oxdoctor run opens them (a fault may restart a host's sshd).
async function sweep(checkIds: readonly string[]): Promise<Result[]> {
  const chosen = catalogue.filter((c) => checkIds.includes(c.id));
  const pool = new TransportPool();
  try {
    const runner = new Runner({ site, transportFor: (h) => pool.get(h) });
    return [...(await runner.sweep(plan(chosen, site.hosts))).results];
  } finally {
    await pool.closeAll();
  }
}

describe('lab faults seen by the checks that claim to detect them', () => {
  it('covers every fault whose checks exist, and knows the cause each must name', () => {
    expect(faults.map((f) => f.name).sort()).toEqual(Object.keys(CAUSES).sort());
  });

  for (const name of Object.keys(CAUSES)) {
    it(`${name}: its checks turn non-OK naming the cause, and OK again after heal`, async () => {
      const fault = faults.find((f) => f.name === name)!;
      const ids = fault.checks.filter((c) => known.has(c));
      await breakFault(name);
      let broken: Result[];
      try {
        broken = await sweep(ids);
      } finally {
        await healFault(name);
      }
      for (const id of ids) {
        const bad = broken.filter((r) => r.check === id && r.status !== 'ok');
        expect(
          bad.length,
          `${id} stayed OK under ${name}: ${broken
            .filter((r) => r.check === id)
            .map((r) => r.summary)
            .join(' | ')}`,
        ).toBeGreaterThan(0);
      }
      expect(
        broken.some((r) => r.status !== 'ok' && CAUSES[name]!.test(r.summary)),
        broken.map((r) => `${r.check}@${r.host}: ${r.summary}`).join('\n'),
      ).toBe(true);
      expect(broken.filter((r) => r.status !== 'ok').every((r) => r.status === 'crit' || r.status === 'warn')).toBe(
        true,
      );
      // Every finding reads on one line and says what to do.
      const unhelpful = broken.filter((r) => r.status !== 'ok' && (!r.hint?.trim() || /\n/.test(r.summary)));
      expect(unhelpful.map((r) => `${r.check}@${r.host}: ${r.summary}`)).toEqual([]);

      const healed = await sweep(ids);
      expect(healed.filter((r) => r.status !== 'ok').map((r) => `${r.check}@${r.host}: ${r.summary}`)).toEqual([]);
    }, 180_000);
  }
});
