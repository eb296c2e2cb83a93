// --send with the relay's content filter broken: amavis down holds both copies in the relay's queue and the
// report names the relay, :10024 and amavis; clamd down lets mail through unscanned, which the report says.
// What a fault held is removed by its own queue id before the heal; afterwards nothing is left anywhere.
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

it('amavis-down: both copies stop deferred on the relay at :10024, named as amavis, within seconds', async () => {
  const user = await labUser('test1001');
  const started = Date.now();
  const { sent, dropped } = await underFault('amavis-down', () => send(user, { timeoutMs: 20_000 }));
  const { report } = sent;
  expect(Date.now() - started).toBeLessThan(15_000); // a definitive deferral ends the wait, not the timeout
  expect(report.status).toBe('crit');
  const copies = report.messages[0]!.copies;
  for (const c of copies) {
    expect(c.status).toBe('crit');
    expect(c.stoppedAt).toMatch(
      /^deferred on relay \(\w+\): connect to 127\.0\.0\.1\[127\.0\.0\.1\]:10024: Connection refused/,
    );
    expect(c.stoppedAt).toMatch(/\(amavis on the relay\); the test message waits in relay's queue as \w+/);
  }
  expect(report.summary).toMatch(
    /^the relay message's copy for INBOX of test1001 on servera did not arrive: deferred on relay/,
  );
  expect(dropped).toBe(1);
  expect([...(await queued(messageIds(report)))]).toEqual([]);
  expect(await mailboxLeftovers(user, messageIds(report))).toEqual([]);
});

it('clamd-down: the copies arrive but the report says amavis passed them without a virus scan', async () => {
  const user = await labUser('test1001');
  const { sent, dropped } = await underFault('clamd-down', () => send(user, { timeoutMs: 20_000 }));
  const { report } = sent;
  expect(report.status).toBe('warn');
  const copies = report.messages[0]!.copies;
  for (const c of copies) {
    expect(c.status).toBe('warn');
    expect(c.seconds!).toBeLessThan(10);
    expect(c.stoppedAt).toMatch(/^delivered, but amavis on relay passed it without a virus scan \(.*clamd/);
  }
  expect(report.summary).toMatch(
    /arrived with a caveat: delivered, but amavis on relay passed it without a virus scan/,
  );
  expect(report.deleted).toBe(2);
  expect(dropped).toBe(0);
  expect(await mailboxLeftovers(user, messageIds(report))).toEqual([]);
});
