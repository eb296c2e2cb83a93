// --send as a user whose sender domain lost its line in server A's sender BCC map (sender-domain-missing drops
// example.org from archive_sentmail): test1001 sends from its own example.org address, server A delivers the
// message but makes no copy for Sent Items, and the report says so as soon as every queue stay has ended.
import { expect, it } from 'vitest';
import { breakFault, healFault } from '../../lab/lab.js';
import { labUser } from '../lab-user.js';
import { mailboxLeftovers, messageIds, queued, send } from './lab-send.js';

it('sender-domain-missing: no Sent Items copy is made for mail sent from example.org, named at once', async () => {
  const lab = await labUser('test1001', { withPassword: true });
  expect(lab.target.entry.proxyAddresses).toContain('smtp:test1001@example.org');
  // The same user sending from its example.org address (as OX does for a user whose reply address is there).
  const entry = { ...lab.target.entry, proxyAddresses: ['SMTP:test1001@example.org'] };
  const user = { ...lab, target: { ...lab.target, entry } };
  await breakFault('sender-domain-missing');
  let sent;
  try {
    sent = await send(user, { timeoutMs: 20_000 });
  } finally {
    await healFault('sender-domain-missing');
  }
  const { report } = sent;
  expect(report.status).toBe('crit');
  expect(report.durationMs).toBeLessThan(10_000); // not the 20 s timeout
  const mine = report.messages.find((m) => m.via === 'user')!;
  const [inbox, sentCopy] = mine.copies;
  expect(inbox!.status).toBe('ok');
  expect(sentCopy!.status).toBe('crit');
  expect(sentCopy!.stoppedAt).toMatch(
    /^no copy was made for it: the message ended only in mailbox user\.test1001 on servera \(server A's sender_bcc_maps, archive_sentmail, has no line for the sender's domain\?\)$/,
  );
  expect(report.messages.find((m) => m.via === 'relay')!.copies.every((c) => c.status === 'ok')).toBe(true);
  expect(report.deleted).toBe(3);
  expect(await mailboxLeftovers(user, messageIds(report))).toEqual([]);
  expect([...(await queued(messageIds(report)))]).toEqual([]);
});
