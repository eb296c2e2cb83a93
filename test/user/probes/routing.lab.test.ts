// user/routing on the lab: each kind of user routed on every postfix host, the lab faults on the mail path named
// by host and cause (and OK again after heal), and hostile addresses that stay literals at AD and in the shell.
import { describe, expect, it } from 'vitest';
import type { Result } from '../../../src/core/result.js';
import { routingProbe } from '../../../src/user/probes/routing.js';
import type { UserTarget } from '../../../src/user/target.js';
import { readFileSync } from 'node:fs';
import { breakFault, healFault, labExec, labPaths } from '../../lab/lab.js';
import { show } from '../../checks/mailbox/run.js';
import { labUser, runForUser, type LabUser } from '../lab-user.js';

const HOSTS = ['relay', 'servera', 'serverb'];

async function route(user: LabUser): Promise<Result[]> {
  const results = await runForUser(user, [routingProbe(user.target)]);
  expect(results.map((r) => r.host).sort(), show(results)).toEqual(HOSTS);
  return results;
}

async function routeUser(query: string): Promise<Result[]> {
  return route(await labUser(query));
}

const on = (results: readonly Result[], host: string): Result => results.find((r) => r.host === host)!;
const notOk = (results: readonly Result[]) => results.filter((r) => r.status !== 'ok');

// A user with other addresses: what `oxdoctor user` routes for an address AD does not have, or hostile input.
function withAddresses(user: LabUser, addresses: string[]): LabUser {
  const target: UserTarget = {
    ...user.target,
    login: 'nobody',
    addresses,
    primary: addresses[0],
    forwardingContacts: [],
  };
  return { ...user, target };
}

// Breaks a fault, routes, heals in finally, routes again.
async function underFault(fault: string, query: string): Promise<{ broken: Result[]; healed: Result[] }> {
  const user = await labUser(query);
  await breakFault(fault);
  let broken: Result[];
  try {
    broken = await route(user);
  } finally {
    await healFault(fault);
  }
  return { broken, healed: await route(user) };
}

describe('user/routing: the kinds of user', () => {
  it('test1001 (full OX user): relay -> server A with the archive BCC to B; A delivers by LMTP and copies sent mail to B; B files both', async () => {
    const results = await routeUser('test1001');
    expect(notOk(results), show(results)).toEqual([]);
    expect(on(results, 'relay').summary).toMatch(
      /^relay routes all 3 addresses of test1001 to servera 127\.0\.10\.2:10025 \(smtp\); archive BCC copies to serverb 127\.0\.10\.4:10025 \(smtpcopy\); .*answer and accept at the receiving end/,
    );
    expect(on(results, 'servera').summary).toMatch(
      /^servera routes all 3 addresses of test1001 to local delivery via lmtp:unix:.*; mail sent as 2 of its addresses gets a Sent Items copy; the hand-off to serverb:10026, answers and accepts/,
    );
    const b = on(results, 'serverb');
    expect(b.summary).toMatch(
      /1 archive copy from relay filed into the mailbox; 1 sent copy from servera filed into Sent Items/,
    );
    expect(b.steps.find((s) => s.name === 'sent copy test1001@serverb.example.com')?.summary).toMatch(
      /into test1001's Sent Items \(test1001\+sent_items@oxmail\.example\.com\) through :10026 .* via copycleanup/,
    );
    for (const r of results) expect(r.steps.find((s) => s.name === 'postmap -q')?.summary).toMatch(/agrees on all/);
    // The ldap maps' bind_pw (the lab's svc-postfix password) is masked in every piece of evidence.
    const bindPw = readFileSync(`${(await labPaths()).secrets}/ldap-bind.pw`, 'utf8').trim();
    expect(bindPw.length).toBeGreaterThan(4);
    expect(JSON.stringify(results)).not.toContain(bindPw);
  });

  it('info01 (infostore-only): its mail is delivered into cyrus on A like any OX user', async () => {
    const results = await routeUser('info01');
    expect(notOk(results), show(results)).toEqual([]);
    expect(on(results, 'servera').summary).toMatch(
      /^servera routes both addresses of info01 to local delivery via lmtp.*info01 is an infostore-only OX user/,
    );
  });

  it('oxex01 (Exchange mailbox + forwarding contact): A relays its address to Exchange and delivers the contact locally', async () => {
    const results = await routeUser('oxex01');
    expect(notOk(results), show(results)).toEqual([]);
    expect(on(results, 'servera').summary).toMatch(
      /oxex01@example\.com to Exchange 127\.0\.10\.20:25 \(smtp\), oxex01@oxmail\.example\.com to local delivery/,
    );
    expect(on(results, 'relay').summary).toMatch(
      /mailbox is in Exchange: mail reaches the relay only through the forwarding contact oxex01@oxmail\.example\.com/,
    );
    expect(on(results, 'serverb').steps.map((s) => s.name)).toContain('archive copy oxex01@serverb.example.com');
  });

  it('exch01 (Exchange only): A hands it to Exchange; B expects no archive copy of it', async () => {
    const results = await routeUser('exch01');
    expect(notOk(results), show(results)).toEqual([]);
    expect(on(results, 'servera').summary).toMatch(/^servera routes exch01@example\.com to Exchange 127\.0\.10\.20:25/);
    expect(on(results, 'serverb').steps.some((s) => s.name.startsWith('archive copy'))).toBe(false);
    expect(on(results, 'relay').summary).toMatch(/mailbox is in Exchange: .*it has none/);
  });

  it('ox1175 (past the 1000th AD entry) routes like any OX user', async () => {
    const results = await routeUser('ox1175');
    expect(notOk(results), show(results)).toEqual([]);
    expect(on(results, 'servera').summary).toMatch(/^servera routes both addresses of ox1175 to local delivery/);
  });

  it('an address nobody has: A knows it from no map and passes it on to Exchange; B refuses its archive copy', async () => {
    const results = await route(withAddresses(await labUser('test1001'), ['nobody-oxdoctor@example.com']));
    const a = on(results, 'servera');
    expect(a.status, show(results)).toBe('warn');
    expect(a.summary).toMatch(
      /^servera: no virtual alias map knows nobody-oxdoctor@example\.com .*bounces "User unknown"/,
    );
    const b = on(results, 'serverb');
    expect(b.status).toBe('crit');
    expect(b.steps.find((s) => s.status === 'crit')?.summary).toMatch(
      /archive copy .* ends at nobody-oxdoctor@oxmail\.example\.com, which no local_recipient_maps table on serverb knows/,
    );
  });
});

describe('user/routing under lab faults', () => {
  it('contact-nickname-wrong: A (and B) refuse oxex01s contact address, naming the contact and its mailNickname', async () => {
    const { broken, healed } = await underFault('contact-nickname-wrong', 'oxex01');
    for (const host of ['servera', 'serverb']) {
      const r = on(broken, host);
      expect(r.status, show(broken)).toBe('crit');
      expect(r.summary).toMatch(
        new RegExp(
          `^${host}: mail for oxex01@oxmail\\.example\\.com cannot be delivered: ldap:/etc/postfix/adlocalrecipients maps oxex01 to oxex01\\.old: the forwarding contact .* has mailNickname oxex01\\.old, not the login oxex01`,
        ),
      );
      expect(r.hint).toMatch(/set mailNickname of .* to oxex01 in AD/);
    }
    expect(notOk(healed), show(healed)).toEqual([]);
  }, 180_000);

  it('copyfix-not-first: B says copyfix is not the first virtual alias map for the archive copy', async () => {
    const { broken, healed } = await underFault('copyfix-not-first', 'test1001');
    const b = on(broken, 'serverb');
    expect(b.status, show(broken)).toBe('crit');
    expect(b.summary).toMatch(
      /^serverb: copyfix is not the first virtual alias map: pcre:\/etc\/postfix\/copyfix, which reverts the archive copy .* is entry 3 after ldap:\/etc\/postfix\/adlocalrecipients/,
    );
    expect(b.hint).toMatch(/virtual_alias_maps = pcre:\/etc\/postfix\/copyfix ldap:/);
    expect(on(broken, 'relay').status).toBe('ok');
    expect(notOk(healed), show(healed)).toEqual([]);
  }, 180_000);

  it('sender-domain-missing: A says mail test1001 sends as test1001@example.org gets no Sent Items copy', async () => {
    const { broken, healed } = await underFault('sender-domain-missing', 'test1001');
    const a = on(broken, 'servera');
    expect(a.status, show(broken)).toBe('crit');
    expect(a.summary).toMatch(
      /^servera: sender domain example\.org missing: pcre:\/etc\/postfix\/archive_sentmail .* has no line for test1001@example\.org, so mail it sends gets no copy in its Sent Items/,
    );
    expect(a.steps.find((s) => s.name === 'sent as test1001@example.com')?.status).toBe('ok');
    expect(notOk(healed), show(healed)).toEqual([]);
  }, 180_000);

  it('bcc-transport-loop: the relay says the archive copy to B loops (smtpcopy greets B with its own name)', async () => {
    const { broken, healed } = await underFault('bcc-transport-loop', 'test1001');
    const relay = on(broken, 'relay');
    expect(relay.status, show(broken)).toBe('crit');
    expect(relay.summary).toMatch(
      /^relay: the archive copy of mail for test1001@serverb\.example\.com loops: smtpcopy \(master\.cf line \d+\) calls itself oxmail\.example\.com \(relay's own myhostname, no -o myhostname\) and serverb at 127\.0\.10\.4:10025 greets with the same name/,
    );
    expect(relay.hint).toMatch(/-o myhostname=archive\.example\.com/);
    expect(notOk(healed), show(healed)).toEqual([]);
  }, 180_000);

  it("next-hop-unreachable: the relay says server A refuses the connection on 10025, so the user's mail stays in its queue", async () => {
    const { broken, healed } = await underFault('next-hop-unreachable', 'test1001');
    const relay = on(broken, 'relay');
    expect(relay.status, show(broken)).toBe('crit');
    expect(relay.summary).toMatch(
      /^relay: servera at 127\.0\.10\.2:10025 refused the connection .*, so mail for 3 addresses \(test1001@oxmail\.example\.com, .*\) stays deferred in relay's queue/,
    );
    expect(relay.hint).toMatch(/start postfix on servera/);
    expect(notOk(healed), show(healed)).toEqual([]);
  }, 180_000);
});

describe('user/routing with hostile addresses', () => {
  const marker = '/tmp/oxdoctor-routing-injected';
  it('stays literal: no LDAP wildcard matches, no shell runs, CR/LF and 10,000 characters are refused unread', async () => {
    const hostile = [
      '*)(proxyaddresses=smtp:*@example.com',
      '*@example.com',
      `a b;touch ${marker}@example.com`,
      `$(touch ${marker})@example.com`,
      'x\r\nRCPT TO:<root@example.com>@example.com',
      'tëst-ünïcode@exämple.com',
      `${'a'.repeat(10_000)}@example.com`,
    ];
    const results = await route(withAddresses(await labUser('test1001'), hostile));
    const a = on(results, 'servera');
    // Escaped filters find nobody: were the key spliced into exchrecipients' filter, every user would match.
    for (const address of hostile.slice(0, 4)) {
      expect(
        a.steps.find((s) => s.name === address || s.name === JSON.stringify(address))?.summary,
        show(results),
      ).toMatch(/no virtual alias map knows/);
    }
    expect(a.steps.find((s) => s.name === 'postmap -q')?.summary).toMatch(/postmap -q agrees on all/);
    const refused = a.steps.filter((s) => s.status === 'unknown').map((s) => s.summary);
    expect(refused.some((s) => /contains control characters/.test(s))).toBe(true);
    expect(refused.some((s) => /10012 characters long, more than SMTP carries/.test(s))).toBe(true);
    for (const host of HOSTS) {
      const probe = await labExec(host as 'relay', ['sh', '-c', `test -e ${marker} && echo present || echo absent`]);
      expect(probe.stdout.trim()).toBe('absent');
    }
    expect(JSON.stringify(results)).not.toContain('a'.repeat(200));
  });
});
