// --send with Sent Items lacking `anyone p` (sent-items-no-post-acl): the user's sent copy reaches server B but
// cyrus files it into the INBOX; the report says so at once (no wait for the timeout), and the misfiled copy is
// deleted with the others.
import { expect, it } from 'vitest';
import { breakFault, healFault } from '../../lab/lab.js';
import { labUser } from '../lab-user.js';
import { mailboxLeftovers, messageIds, queued, send } from './lab-send.js';

it("sent-items-no-post-acl: the sent copy lands in serverb's INBOX instead of Sent Items, named as such", async () => {
  const user = await labUser('test1001', { withPassword: true });
  await breakFault('sent-items-no-post-acl');
  let sent;
  try {
    sent = await send(user, { timeoutMs: 20_000 });
  } finally {
    await healFault('sent-items-no-post-acl');
  }
  const { report } = sent;
  expect(report.status).toBe('crit');
  expect(report.durationMs).toBeLessThan(10_000);
  const mine = report.messages.find((m) => m.via === 'user')!;
  const sentCopy = mine.copies.find((c) => c.name === 'sent')!;
  expect(sentCopy.status).toBe('crit');
  expect(sentCopy.stoppedAt).toMatch(
    /^mailbox user\.test1001 on serverb - the INBOX, not the \+sent_items folder: .*'p' right/,
  );
  expect(sentCopy.hops.map((h) => h.step)).toContain('serverb: cyrus/lmtpunix: delivered to mailbox user.test1001');
  for (const c of report.messages.flatMap((m) => m.copies).filter((c) => c !== sentCopy)) expect(c.status).toBe('ok');
  expect(report.summary).toMatch(/^the user message's copy for Sent Items of test1001 on serverb did not arrive: /);
  expect(report.deleted).toBe(4); // the misfiled copy in serverb's INBOX too
  expect(await mailboxLeftovers(user, messageIds(report))).toEqual([]);
  expect([...(await queued(messageIds(report)))]).toEqual([]);
});
