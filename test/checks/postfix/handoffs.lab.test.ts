// postfix/handoffs on the lab: the relay's relayhost to server A's :10025, its BCC transport to server B's :10025
// and amavis' re-injection are accepted, as is server A's archive copy to server B's :10026; CRIT on the relay
// when server A's :10025 refuses the relay's address (reinjection-refused) or is gone
// (reinjection-listener-gone), naming the listener and the fix; OK again after heal.
import { beforeAll, describe, expect, it } from 'vitest';
import { handoffsCheck } from '../../../checks/postfix/handoffs/index.js';
import type { SiteConfig } from '../../../src/config/types.js';
import type { Result } from '../../../src/core/result.js';
import { breakFault, healFault } from '../../lab/lab.js';
import { labSite, runChecks, show } from '../mailbox/run.js';

let site: SiteConfig;
beforeAll(async () => {
  site = await labSite();
});

const on = (results: Result[], host: string): Result => results.find((r) => r.host === host)!;

async function underFault(name: string): Promise<Result[]> {
  await breakFault(name);
  try {
    return await runChecks(site, [handoffsCheck]);
  } finally {
    await healFault(name);
  }
}

describe('postfix/handoffs on the lab', () => {
  it('is OK on relay, servera and serverb, each hand-off to a configured host judged on its receiver', async () => {
    const results = await runChecks(site, [handoffsCheck]);
    expect(results.map((r) => r.host).sort()).toEqual(['relay', 'servera', 'serverb']);
    expect(
      results.filter((r) => r.status !== 'ok'),
      show(results),
    ).toEqual([]);
    const relay = on(results, 'relay');
    expect(relay.summary).toBe('3 hand-offs accepted: 127.0.10.2:10025, 127.0.10.4:10025, 127.0.0.1:10025');
    expect(relay.steps?.map((s) => s.summary)).toEqual([
      "relayhost in main.cf -> smtp:[127.0.10.2]:10025: accepted by servera's :10025 (master.cf line 40) at 127.0.10.2:10025, 127.0.10.1 is in mynetworks 127.0.0.0/8 192.168.109.0/24 172.18.0.0/16 (from 127.0.10.1 (relay's configured address))",
      "transport_maps hash:/etc/postfix/transport: serverb.example.com -> smtpcopy:[127.0.10.4]:10025 (used by recipient_bcc_maps pcre:/etc/postfix/duplicate_mail): accepted by serverb's :10025 (master.cf line 40) at 127.0.10.4:10025, 127.0.10.1 is in mynetworks 127.0.0.0/8 192.168.109.0/24 172.18.0.0/16 (from 127.0.10.1 (relay's configured address))",
      expect.stringMatching(
        /^(\$forward_method in \S+|amavisd's default \$forward_method) and (\$notify_method in \S+|amavisd's default \$notify_method) -> smtp:\[127\.0\.0\.1\]:10025: accepted by relay's own 127\.0\.0\.1:10025 \(master\.cf line 41\) at 127\.0\.0\.1:10025, 127\.0\.0\.1 is in mynetworks 127\.0\.0\.0\/8 \(from 127\.0\.0\.1 \(loopback\)\)$/,
      ),
    ]);
    expect(on(results, 'servera').summary).toBe(
      '1 hand-off accepted: 127.0.10.4:10026; not a configured host, not judged: Exchange 127.0.10.20:25',
    );
    expect(on(results, 'serverb').summary).toBe(
      'no hand-off to a configured host; not a configured host, not judged: Exchange 127.0.10.20:25',
    );
  }, 60_000);

  it("reinjection-refused: CRIT on the relay naming server A's :10025 override and the fix; OK after heal", async () => {
    const broken = await underFault('reinjection-refused');
    const relay = on(broken, 'relay');
    // catches: the receiver's mynetworks and client restrictions reject this host: its mail stays deferred
    expect(relay.status, show(broken)).toBe('crit');
    expect(relay.summary).toBe(
      "relayhost in main.cf -> smtp:[127.0.10.2]:10025 is refused by servera's :10025 (master.cf line 40) at 127.0.10.2:10025: smtpd_client_restrictions = permit_mynetworks,reject (-o on master.cf line 40) ends in reject for 127.0.10.1, which is not in mynetworks 127.0.0.1/32 (-o on master.cf line 40) (from 127.0.10.1 (relay's configured address)), so every mail relay sends via its relayhost stays deferred in relay's queue",
    );
    expect(relay.hint).toBe(
      'on servera, let 127.0.10.1 into :10025 (master.cf line 40): add 127.0.10.1/32 to its -o mynetworks= (master.cf line 40), or permit it in its -o smtpd_client_restrictions=, then postfix reload on servera',
    );
    expect(
      broken.filter((r) => r.host !== 'relay' && r.status !== 'ok'),
      show(broken),
    ).toEqual([]);
    const healed = await runChecks(site, [handoffsCheck]);
    expect(
      healed.filter((r) => r.status !== 'ok'),
      show(healed),
    ).toEqual([]);
  }, 120_000);

  it('reinjection-listener-gone: CRIT on the relay, no listener on port 10025 of servera; OK after heal', async () => {
    const broken = await underFault('reinjection-listener-gone');
    const relay = on(broken, 'relay');
    // catches: no smtpd listener on the receiver for the hand-off's address and port
    expect(relay.status, show(broken)).toBe('crit');
    expect(relay.summary).toBe(
      "relayhost in main.cf -> smtp:[127.0.10.2]:10025 is refused: master.cf has no listener on port 10025 on servera, so every mail relay sends via its relayhost stays deferred in relay's queue",
    );
    expect(relay.hint).toMatch(/^on servera, restore an smtpd listener for 127\.0\.10\.2:10025 in master\.cf/);
    const healed = await runChecks(site, [handoffsCheck]);
    expect(
      healed.filter((r) => r.status !== 'ok'),
      show(healed),
    ).toEqual([]);
  }, 120_000);
});
