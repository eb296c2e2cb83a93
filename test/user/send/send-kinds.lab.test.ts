// --send for the lab's other kinds of user: an Exchange-only user (exch01) has no OX mailbox, so its copy is
// followed to the hand-off to Exchange and no cyrus mailbox is opened (a login on its behalf would create one);
// a full OX user with an Exchange mailbox (oxex01) gets its INBOX copy handed to Exchange and its archive copy
// on server B. The copies handed to the Exchange stand-in are removed from its maildir afterwards.
import { expect, it } from 'vitest';
import { labUser } from '../lab-user.js';
import { dropFromExchange, liveMailboxes, mailboxLeftovers, messageIds, queued, send } from './lab-send.js';

it('exch01 (Exchange only): followed to the hand-off to Exchange, and no cyrus mailbox is created', async () => {
  const user = await labUser('exch01');
  const before = await Promise.all([liveMailboxes('servera', 'exch01'), liveMailboxes('serverb', 'exch01')]);
  const { report } = await send(user, { timeoutMs: 15_000 });
  const ids = messageIds(report);
  expect(await dropFromExchange(ids)).toBe(1);
  expect(report.status, report.summary).toBe('ok');
  const copies = report.messages[0]!.copies;
  expect(copies.map((c) => [c.name, c.status])).toEqual([['inbox', 'ok']]);
  expect(copies[0]!.where).toBe('Exchange mailbox of exch01 (handed on by servera, followed in the logs)');
  const toExchange = /^servera: smtp: to <exch01@example\.com> -> Exchange 127\.0\.10\.20:25 \(sent/;
  expect(copies[0]!.hops.some((h) => toExchange.test(h.step))).toBe(true);
  expect(report.deleted).toBe(0);
  expect(await Promise.all([liveMailboxes('servera', 'exch01'), liveMailboxes('serverb', 'exch01')])).toEqual(before);
  expect([...(await queued(ids))]).toEqual([]);
});

it('oxex01 (OX user with an Exchange mailbox): the INBOX copy goes to Exchange, the archive copy to serverb', async () => {
  const user = await labUser('oxex01');
  const { report } = await send(user, { timeoutMs: 15_000 });
  const ids = messageIds(report);
  expect(await dropFromExchange(ids)).toBe(1);
  expect(report.status, report.summary).toBe('ok');
  const copies = report.messages[0]!.copies;
  expect(copies.map((c) => [c.name, c.where, c.status])).toEqual([
    ['inbox', 'Exchange mailbox of oxex01 (handed on by servera, followed in the logs)', 'ok'],
    ['archive', 'archive (INBOX of oxex01) on serverb', 'ok'],
  ]);
  expect(report.deleted).toBe(1);
  expect(await mailboxLeftovers(user, ids)).toEqual([]);
  expect([...(await queued(ids))]).toEqual([]);
});
