// routing/ldap-maps on the lab: healthy OK on relay, servera and serverb; the two LDAP faults CRIT with their
// cause and OK after heal; hostile test addresses reach slapd escaped and run nothing on the host.
import { beforeAll, describe, expect, it } from 'vitest';
import { ldapMapsCheck } from '../../../checks/routing/ldap-maps/index.js';
import type { SiteConfig } from '../../../src/config/types.js';
import type { Result } from '../../../src/core/result.js';
import { breakFault, healFault, labExec } from '../../lab/lab.js';
import { labSite, runChecks, show } from '../mailbox/run.js';

let site: SiteConfig;
beforeAll(async () => {
  site = await labSite();
});

const on = (results: readonly Result[], host: string) => results.find((r) => r.host === host)!;

async function underFault(fault: string): Promise<{ broken: Result[]; healed: Result[] }> {
  await breakFault(fault);
  let broken: Result[];
  try {
    broken = await runChecks(site, [ldapMapsCheck]);
  } finally {
    await healFault(fault);
  }
  return { broken, healed: await runChecks(site, [ldapMapsCheck]) };
}

describe('routing/ldap-maps on the lab', () => {
  it('is OK everywhere: the maps bind, the test user and the sampled contact resolve, and postmap -q agrees', async () => {
    const results = await runChecks(site, [ldapMapsCheck]);
    expect(
      results.filter((r) => r.status !== 'ok'),
      show(results),
    ).toEqual([]);
    expect(on(results, 'relay').summary).toMatch(
      /no ldap maps on relay; test1001@example\.com is relayed to \[127\.0\.10\.2\]:10025; recipient_bcc_maps pcre:\/etc\/postfix\/duplicate_mail gives test1001@serverb\.example\.com/,
    );
    const a = on(results, 'servera');
    expect(a.summary).toMatch(/^2 ldap maps bind and answer/);
    expect(a.summary).toMatch(
      /test1001@example\.com -> test1001@oxmail\.example\.com \(ldap:\/etc\/postfix\/exchrecipients\)/,
    );
    expect(a.summary).toMatch(
      /oxex\d+@oxmail\.example\.com stays itself \(ldap:\/etc\/postfix\/adlocalrecipients gives oxex\d+ for oxex\d+\), delivered locally/,
    );
    expect(a.summary).toMatch(/postmap -q agrees on all \d+ lookups/);
    expect(on(results, 'serverb').summary).toMatch(
      /copycleanup -o virtual_alias_maps ldap:\/etc\/postfix\/adcopyfix gives test1001\+sent_items@oxmail\.example\.com/,
    );
  }, 60_000);

  it('ldap-bind-password-wrong: CRIT on servera naming the refused bind and bind_pw; the password never shows', async () => {
    const { broken, healed } = await underFault('ldap-bind-password-wrong');
    const a = on(broken, 'servera');
    expect(a.status, show(broken)).toBe('crit');
    expect(a.summary).toMatch(
      /ldap:\/etc\/postfix\/adlocalrecipients cannot bind as CN=svc-postfix,OU=Service Accounts,DC=example,DC=com: invalid credentials \(rc 49\)/,
    );
    expect(a.hint).toMatch(/set bind_pw in \/etc\/postfix\/adlocalrecipients/);
    expect(JSON.stringify(a)).not.toContain('not-the-password');
    expect(on(broken, 'serverb').status).toBe('ok');
    expect(
      healed.filter((r) => r.status !== 'ok'),
      show(healed),
    ).toEqual([]);
  }, 120_000);

  it("contact-nickname-wrong: CRIT on servera and serverb naming oxex01's contact and its nickname oxex01.old", async () => {
    const { broken, healed } = await underFault('contact-nickname-wrong');
    for (const host of ['servera', 'serverb']) {
      const r = on(broken, host);
      expect(r.status, show(broken)).toBe('crit');
      // catches: a contact's mailNickname in AD names no existing account
      expect(r.summary).toMatch(
        /mail for oxex01@oxmail\.example\.com cannot be delivered on \w+: ldap:\/etc\/postfix\/adlocalrecipients maps oxex01 to oxex01\.old, which no local_recipient_maps table knows/,
      );
      expect(r.hint).toMatch(/mailNickname/);
    }
    expect(
      healed.filter((r) => r.status !== 'ok'),
      show(healed),
    ).toEqual([]);
  }, 120_000);

  it('hostile test addresses reach slapd escaped, match nothing, and run nothing on the host', async () => {
    const marker = '/tmp/oxdoctor-routing-pwned';
    for (const address of [
      '*)(uid=*@example.com',
      `$(touch ${marker})'";\`touch ${marker}\`@example.com`,
      'a\r\nb*@example.com',
    ]) {
      const hostile = { ...site, testUser: { ...site.testUser!, address } };
      const [a] = await runChecks(hostile, [ldapMapsCheck]).then((rs) => rs.filter((r) => r.host === 'servera'));
      const step = a!.steps.find((s) => s.name === address.toLowerCase())!;
      if (address.includes('\r')) {
        expect(step.status, show([a!])).toBe('unknown');
        expect(step.summary).toMatch(/contains control characters: not looked up/);
        expect(a!.evidence.some((e) => e.label.includes('a\r\nb') || e.label.includes('a\\r\\nb'))).toBe(false);
        continue;
      }
      // an injected "*" would match every one of AD's 1,300 users; escaped, nothing matches and mail goes to Exchange
      expect(step.summary, show([a!])).toMatch(/ is relayed to \[127\.0\.10\.20\](;|$)/);
      expect(a!.steps.find((s) => s.name === 'postmap -q')?.status).toBe('ok');
      if (address.startsWith('*')) {
        expect(a!.evidence.some((e) => e.label.includes('(mail=\\2A\\29\\28uid=\\2A@example.com)'))).toBe(true);
      }
    }
    expect((await labExec('servera', ['test', '-e', marker])).code).not.toBe(0);
  }, 120_000);
});
