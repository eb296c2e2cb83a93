// The mailbox checks under the lab faults they claim to detect: status AND named cause; OK again after heal.
import { beforeAll, describe, expect, it } from 'vitest';
import type { SiteConfig } from '../../../src/config/types.js';
import type { Check } from '../../../src/core/check.js';
import type { Result } from '../../../src/core/result.js';
import { imapLoginCheck } from '../../../checks/mailbox/imap-login/index.js';
import { sentAclCheck } from '../../../checks/mailbox/sent-acl.js';
import { sentAclSweepCheck } from '../../../checks/mailbox/sent-acl-sweep/index.js';
import { sieveScriptCheck } from '../../../checks/mailbox/sieve-script.js';
import { breakFault, healFault } from '../../lab/lab.js';
import { labSite, runChecks, show } from './run.js';

let site: SiteConfig;
beforeAll(async () => {
  site = await labSite();
});

async function underFault(fault: string, chosen: readonly Check[]): Promise<{ broken: Result[]; healed: Result[] }> {
  await breakFault(fault);
  let broken: Result[];
  try {
    broken = await runChecks(site, chosen);
  } finally {
    await healFault(fault);
  }
  return { broken, healed: await runChecks(site, chosen) };
}

const one = (results: readonly Result[], check: string, host: string) =>
  results.find((r) => r.check === check && r.host === host)!;

describe('mailbox checks under lab faults', () => {
  it('sent-items-no-post-acl: sent-acl and the sweep go CRIT naming the users, the consequence and the missing cron line', async () => {
    const { broken, healed } = await underFault('sent-items-no-post-acl', [sentAclCheck, sentAclSweepCheck]);
    for (const host of ['servera', 'serverb']) {
      const r = one(broken, 'mailbox/sent-acl', host);
      expect(r.status, show(broken)).toBe('crit');
      expect(r.summary).toMatch(/"INBOX\/Sent Items" of test1001 lacks "anyone p" .*land in INBOX/);
      expect(r.hint).toMatch(/setpostacl/);
    }
    const sweep = one(broken, 'mailbox/sent-acl-sweep', 'serverb');
    expect(sweep.status, show(broken)).toBe('crit');
    expect(sweep.summary).toMatch(
      /^\d+ of \d+ users' Sent Items lack "anyone p" \(.*test1001.*\).*\/etc\/cron\.d\/ox has no setpostacl line/,
    );
    expect(sweep.metrics.find((m) => m.label === 'sent_items_without_post')?.value).toBeGreaterThan(0);
    expect(
      healed.filter((r) => r.status !== 'ok'),
      show(healed),
    ).toEqual([]);
  }, 180_000);

  it('cyrus-down: imap-login on servera is CRIT because imapd refuses the connection', async () => {
    const { broken, healed } = await underFault('cyrus-down', [imapLoginCheck]);
    const r = one(broken, 'mailbox/imap-login', 'servera');
    expect(r.status, show(broken)).toBe('crit');
    expect(r.summary).toMatch(/IMAP login of test1001 at 127\.0\.10\.2:143 refused the connection/);
    expect(one(broken, 'mailbox/imap-login', 'serverb').status).toBe('ok');
    expect(
      healed.filter((r) => r.status !== 'ok'),
      show(healed),
    ).toEqual([]);
  }, 180_000);

  it('sieve-down: sieve-script on servera is CRIT because cyrus.conf starts no timsieved', async () => {
    const { broken, healed } = await underFault('sieve-down', [sieveScriptCheck]);
    const r = one(broken, 'mailbox/sieve-script', 'servera');
    expect(r.status, show(broken)).toBe('crit');
    expect(r.summary).toMatch(/\/etc\/cyrus\.conf has no timsieved service/);
    expect(
      healed.filter((r) => r.status !== 'ok'),
      show(healed),
    ).toEqual([]);
  }, 180_000);
});
