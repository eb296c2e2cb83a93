// --send with a groupware host broken: server A's postfix down (next-hop-unreachable) holds the INBOX copy on the
// relay and refuses the user's own submission; cyrus down on server A holds the INBOX copy in server A's queue
// (LMTP). The archive copy on server B arrives in both. What a fault held is removed by its own queue id.
import { expect, it } from 'vitest';
import { breakFault, healFault } from '../../lab/lab.js';
import { labUser } from '../lab-user.js';
import { dropQueued, mailboxLeftovers, messageIds, queued, send, type Sent } from './lab-send.js';

async function underFault(fault: string, run: () => Promise<Sent>): Promise<{ sent: Sent; dropped: number }> {
  await breakFault(fault);
  try {
    const sent = await run();
    return { sent, dropped: await dropQueued(messageIds(sent.report)) };
  } finally {
    await healFault(fault);
  }
}

it("next-hop-unreachable: the INBOX copy stops on the relay at server A's :10025; the user cannot submit", async () => {
  const user = await labUser('test1001', { withPassword: true });
  const { sent, dropped } = await underFault('next-hop-unreachable', () => send(user, { timeoutMs: 20_000 }));
  const { report } = sent;
  expect(report.status).toBe('crit');
  const [relay, mine] = [
    report.messages.find((m) => m.via === 'relay')!,
    report.messages.find((m) => m.via === 'user')!,
  ];
  const [inbox, archive] = relay.copies;
  expect(inbox!.status).toBe('crit');
  expect(inbox!.stoppedAt).toMatch(
    /^deferred on relay \(\w+\): connect to 127\.0\.10\.2\[127\.0\.10\.2\]:10025: Connection refused.*\(the next host's postfix on :10025\)/,
  );
  expect(archive!.status).toBe('ok');
  expect(mine.queueId).toBeUndefined();
  for (const c of mine.copies) {
    expect(c.status).toBe('crit');
    expect(c.stoppedAt).toMatch(/^not submitted: SMTP at servera 127\.0\.10\.2:25 refused the connection/);
  }
  expect(report.summary).toMatch(/INBOX of test1001 on servera did not arrive: deferred on relay/);
  expect(report.deleted).toBe(1); // the archive copy
  expect(dropped).toBe(1);
  expect([...(await queued(messageIds(report)))]).toEqual([]);
  expect(await mailboxLeftovers(user, messageIds(report))).toEqual([]);
});

it("cyrus-down: the INBOX copy stops deferred on servera at cyrus' LMTP socket; the archive copy arrives", async () => {
  const user = await labUser('test1001');
  const { sent, dropped } = await underFault('cyrus-down', () => send(user, { timeoutMs: 20_000 }));
  const { report } = sent;
  expect(report.status).toBe('crit');
  const [inbox, archive] = report.messages[0]!.copies;
  expect(inbox!.status).toBe('crit');
  expect(inbox!.stoppedAt).toMatch(/^deferred on servera \(\w+\): connect to .*lmtp\]: Connection refused/);
  expect(inbox!.stoppedAt).toMatch(/\(cyrus LMTP\); the test message waits in servera's queue as \w+/);
  expect(inbox!.hops.some((h) => /^servera: lmtp: .*deferred/.test(h.step))).toBe(true);
  expect(archive!.status).toBe('ok');
  expect(report.deleted).toBe(1);
  expect(dropped).toBe(1);
  expect([...(await queued(messageIds(report)))]).toEqual([]);
  expect(await mailboxLeftovers(user, messageIds(report))).toEqual([]);
});
