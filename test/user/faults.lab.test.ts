// `oxdoctor user` (runUser, as the command runs it) under each lab fault issue 17 names: the verdict names the hop
// and the cause; healed, that problem is gone. Faults on the mail path run with --send (the test message follows the
// path; a copy the fault holds in a queue is removed there by its queue id before the heal).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import type { SiteConfig } from '../../src/core/site.js';
import { TransportPool } from '../../src/transport/index.js';
import type { UserReport } from '../../src/user/report.js';
import { runUser } from '../../src/user/run.js';
import { labSite } from '../checks/mailbox/run.js';
import { breakFault, healFault, labExec } from '../lab/lab.js';

let site: SiteConfig;
let pool: TransportPool;
beforeAll(async () => {
  site = await labSite();
  pool = new TransportPool();
});
afterAll(async () => pool?.closeAll());

const user = (query: string, send = false): Promise<UserReport> =>
  runUser({
    site,
    transportFor: (h) => pool.get(h),
    query,
    catalogue: checks,
    ...(send ? { send: { keep: false } } : {}),
  });

const show = (r: UserReport) => r.verdict.map((p) => `${p.hop} ${p.check}@${p.host}: ${p.sentence}`).join('\n');

interface Case {
  readonly fault: string;
  readonly query: string;
  readonly send?: boolean;
  readonly hop: string; // the hop the verdict names
  readonly check: string;
  readonly sentence: RegExp;
  readonly status?: 'crit' | 'warn';
}

// The checks each case's problem comes from, in path order.
const CASES: readonly Case[] = [
  {
    fault: 'amavis-down',
    query: 'test1003',
    send: true,
    hop: 'inbound@relay',
    check: 'service/amavis',
    sentence: /^relay: .*10024/,
  },
  {
    fault: 'clamd-down',
    query: 'test1003',
    send: true,
    hop: 'inbound@relay',
    check: 'service/clamd',
    sentence: /^relay: .*clamd/i,
  },
  {
    fault: 'next-hop-unreachable',
    query: 'test1003',
    hop: 'inbound@relay',
    check: 'user/routing',
    sentence: /^relay: .*servera at 127\.0\.10\.2:10025 refused the connection/,
  },
  {
    fault: 'cyrus-down',
    query: 'test1003',
    hop: 'delivery@servera',
    check: 'user/mailbox',
    sentence: /^servera: .*refused the connection/,
  },
  {
    fault: 'contact-nickname-wrong',
    query: 'oxex01',
    hop: 'directory',
    check: 'user/directory',
    sentence: /mailNickname oxex01\.old, not the login oxex01/,
  },
  {
    fault: 'expired-password',
    query: 'test1001',
    hop: 'login',
    check: 'user/kerberos',
    sentence: /password .*has expired/,
  },
  { fault: 'kdc-down', query: 'test1001', hop: 'login', check: 'user/kerberos', sentence: /cannot contact any KDC/ },
  {
    fault: 'sent-items-no-post-acl',
    query: 'test1001',
    hop: 'archive@serverb',
    check: 'user/mailbox',
    sentence: /^serverb: .*anyone p/,
  },
  {
    fault: 'copyfix-not-first',
    query: 'test1001',
    hop: 'archive@serverb',
    check: 'user/routing',
    sentence: /^serverb: .*copyfix/,
  },
  {
    fault: 'sender-domain-missing',
    query: 'test1004',
    hop: 'delivery@servera',
    check: 'user/routing',
    sentence: /^servera: .*sender domain example\.org/,
  },
  {
    fault: 'user-missing-from-ox',
    query: 'test1001',
    hop: 'groupware',
    check: 'user/ox',
    sentence: /test1001 is missing from OX/,
  },
  {
    fault: 'sync-truncated',
    query: 'ox1175',
    hop: 'groupware',
    check: 'user/ox',
    sentence: /1000 entries without ox1175/,
  },
  {
    fault: 'bcc-transport-loop',
    query: 'test1001',
    hop: 'inbound@relay',
    check: 'user/routing',
    sentence: /^relay: .*smtpcopy/,
  },
];

describe('oxdoctor user under the lab faults', () => {
  it.each(CASES.map((c) => [c.fault, c] as const))(
    '%s: the verdict names the hop and the cause; healed, gone',
    async (_, c) => {
      await breakFault(c.fault);
      let broken: UserReport | undefined;
      try {
        broken = await user(c.query, c.send);
      } finally {
        // a test message the fault holds in a queue: removed by its queue id, so the heal does not deliver it
        for (const m of broken?.send?.messages ?? [])
          if (m.queueId && m.copies.some((x) => x.stoppedAt)) await labExec('relay', ['postsuper', '-d', m.queueId]);
        await healFault(c.fault);
      }
      if (!broken) throw new Error('runUser gave no report');
      const problem = broken.verdict.find((p) => p.check === c.check && c.sentence.test(p.sentence));
      expect(problem, show(broken)).toBeDefined();
      expect(problem!.hop).toBe(c.hop);
      expect(problem!.status).toBe(c.status ?? 'crit');
      expect(problem!.fix, show(broken)).toBeTruthy();
      expect(broken.exitCode).toBe(2);
      if (c.send) expect(broken.send?.messages.length, show(broken)).toBeGreaterThan(0);
      const healed = await user(c.query);
      expect(
        healed.verdict.filter((p) => p.check === c.check && c.sentence.test(p.sentence)),
        show(healed),
      ).toEqual([]);
      // the case's check is OK on that hop (the hop's other checks report the site, e.g. another test's leftover mail)
      const again = healed.hops.find((h) => h.id === c.hop)?.results.filter((r) => r.check === c.check) ?? [];
      expect(again.length).toBeGreaterThan(0);
      expect(
        again.map((r) => r.status),
        show(healed),
      ).toEqual(again.map(() => 'ok'));
    },
  );
});
