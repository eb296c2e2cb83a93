// user/mailbox under the lab faults it claims: the host, the cause and the fix named; OK again after heal.
import { describe, expect, it } from 'vitest';
import type { Result } from '../../../src/core/result.js';
import { mailboxProbe } from '../../../src/user/probes/mailbox.js';
import { breakFault, healFault } from '../../lab/lab.js';
import { show } from '../../checks/mailbox/run.js';
import { labUser, runForUser } from '../lab-user.js';

// test1001 under the fault and healed; `others` (logins) are run under the fault too.
async function underFault(
  fault: string,
  others: readonly string[] = [],
): Promise<{ broken: Result[]; healed: Result[]; othersBroken: Result[][] }> {
  const user = await labUser('test1001');
  const users = await Promise.all(others.map((login) => labUser(login)));
  const run = () => runForUser(user, [mailboxProbe(user.target)]);
  await breakFault(fault);
  let broken: Result[];
  const othersBroken: Result[][] = [];
  try {
    broken = await run();
    for (const u of users) othersBroken.push(await runForUser(u, [mailboxProbe(u.target)]));
  } finally {
    await healFault(fault);
  }
  return { broken, healed: await run(), othersBroken };
}

const on = (results: readonly Result[], host: string) => results.find((r) => r.host === host)!;

describe('user/mailbox under lab faults', () => {
  it('cyrus-down: CRIT on servera, imapd refusing the connection, start cyrus; serverb still OK', async () => {
    const { broken, healed, othersBroken } = await underFault('cyrus-down', ['exch01']);
    const a = on(broken, 'servera');
    expect(a.status, show(broken)).toBe('crit');
    expect(a.summary).toMatch(
      /^servera: IMAP login of the cyrus admin cyrus at 127\.0\.10\.2:143 refused the connection .*: test1001's mailbox cannot be read/,
    );
    expect(a.hint).toMatch(/nothing listens on 127\.0\.10\.2:143 as seen from servera: start cyrus imapd there/);
    expect(on(broken, 'serverb').status, show(broken)).toBe('ok');
    // exch01 has no mailbox to expect there: a broken cyrus is not on its path, only not knowing is said
    const exch = on(othersBroken[0]!, 'servera');
    expect(exch.status, show(othersBroken[0]!)).toBe('unknown');
    expect(exch.summary).toMatch(/refused the connection .*: whether exch01 has a mailbox there is not known$/);
    expect(
      healed.filter((r) => r.status !== 'ok'),
      show(healed),
    ).toEqual([]);
  }, 120_000);

  it('sent-items-no-post-acl: CRIT on serverb (sent copies land in INBOX), WARN on servera, run setpostacl', async () => {
    const { broken, healed } = await underFault('sent-items-no-post-acl');
    const b = on(broken, 'serverb');
    expect(b.status, show(broken)).toBe('crit');
    expect(b.summary).toMatch(/^serverb: "INBOX\/Sent Items" lacks "anyone p" \(ACL: test1001 \w+\): .*land in INBOX/);
    expect(b.hint).toMatch(
      /run \/opt\/open-xchange\/sbin\/setpostacl on serverb and check its line in \/etc\/cron\.d\/ox/,
    );
    const a = on(broken, 'servera');
    expect(a.status, show(broken)).toBe('warn');
    expect(a.summary).toMatch(/^servera: "INBOX\/Sent Items" lacks "anyone p"/);
    expect(a.hint).toMatch(/setpostacl on servera/);
    expect(
      healed.filter((r) => r.status !== 'ok'),
      show(healed),
    ).toEqual([]);
  }, 120_000);

  it('sieve-down: CRIT on servera naming the missing timsieved in cyrus.conf; the rest of the mailbox still read', async () => {
    const { broken, healed } = await underFault('sieve-down');
    const a = on(broken, 'servera');
    expect(a.status, show(broken)).toBe('crit');
    expect(a.summary).toMatch(/^servera: \/etc\/cyrus\.conf has no timsieved service/);
    expect(a.hint).toMatch(/restore the timsieved line/);
    expect(a.steps.find((s) => s.name === 'folders')?.status).toBe('ok');
    expect(
      healed.filter((r) => r.status !== 'ok'),
      show(healed),
    ).toEqual([]);
  }, 120_000);
});
