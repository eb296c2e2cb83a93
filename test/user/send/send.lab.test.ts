// oxdoctor user --send on the healthy lab: the relay's message reaches test1001's INBOX on server A and the
// archive on server B; with the password, the user's own message also reaches Sent Items on server B. Every
// copy is seen within the 10 s bar, and afterwards no test message is left in a mailbox or a queue.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { labPaths } from '../../lab/lab.js';
import { labUser } from '../lab-user.js';
import { mailboxLeftovers, messageIds, queued, removeKept, send } from './lab-send.js';

describe('oxdoctor user --send on the lab', () => {
  it('follows the relay message of test1001 without password into INBOX on servera and the archive on serverb', async () => {
    const user = await labUser('test1001');
    const { report, progress } = await send(user);
    expect(report.status, report.summary).toBe('ok');
    expect(report.messages.map((m) => m.via)).toEqual(['relay']);
    const copies = report.messages[0]!.copies;
    expect(copies.map((c) => [c.name, c.where, c.status])).toEqual([
      ['inbox', 'INBOX of test1001 on servera', 'ok'],
      ['archive', 'archive (INBOX of test1001) on serverb', 'ok'],
    ]);
    for (const c of copies) expect(c.seconds!).toBeLessThan(10);
    // The hops name each host the copy passed, amavis included (hops of one second on two hosts may come in
    // either order: syslog stamps whole seconds).
    const steps = (i: number) => copies[i]!.hops.map((h) => h.step);
    expect(steps(0).some((s) => s.startsWith('relay: amavis: Passed CLEAN'))).toBe(true);
    expect(steps(0).some((s) => s.startsWith('servera: cyrus/lmtpunix: delivered to mailbox user.test1001'))).toBe(
      true,
    );
    expect(steps(1).some((s) => /^relay: smtp: .*-> serverb 127\.0\.10\.4:10025/.test(s))).toBe(true);
    expect(steps(1).some((s) => s.startsWith('serverb: cyrus/lmtpunix: delivered to mailbox user.test1001'))).toBe(
      true,
    );
    expect(copies[1]!.hops.some((h) => h.host === 'servera')).toBe(false);
    expect(report.summary).toMatch(/^all 2 copies arrived within [\d.]+ s/);
    expect(report.deleted).toBe(2);
    expect(progress.some((p) => /relay queued the relay message as \w+/.test(p))).toBe(true);
    expect(await mailboxLeftovers(user, messageIds(report))).toEqual([]);
    expect([...(await queued(messageIds(report)))]).toEqual([]);
  });

  it("with the password also sends as the user on servera's port 25 and sees the copy in Sent Items on serverb", async () => {
    const user = await labUser('test1001', { withPassword: true });
    const { report, progress } = await send(user);
    expect(report.status, report.summary).toBe('ok');
    const byVia = new Map(report.messages.map((m) => [m.via, m]));
    const mine = byVia.get('user')!;
    expect(mine.queueId).toMatch(/^[0-9A-F]+$/);
    expect(mine.copies.map((c) => [c.name, c.where, c.status])).toEqual([
      ['inbox', 'INBOX of test1001 on servera', 'ok'],
      ['sent', 'Sent Items of test1001 on serverb', 'ok'],
    ]);
    // The sent copy went through the disclaimer (procmail), the sender BCC to serverb:10026 and into Sent Items.
    const sentHops = mine.copies[1]!.hops.map((h) => h.step);
    expect(sentHops.some((s) => /^servera: pipe: .*-> procmail/.test(s))).toBe(true);
    expect(sentHops.some((s) => /^servera: smtp: .*-> serverb \S+:10026/.test(s))).toBe(true);
    expect(sentHops).toContain('serverb: cyrus/lmtpunix: delivered to mailbox user.test1001.Sent Items');
    // Its trail leaves out the sender's own INBOX delivery on servera (the other copy's).
    expect(mine.copies[1]!.hops.some((h) => h.host === 'servera' && /^servera: (lmtp|cyrus)/.test(h.step))).toBe(false);
    const all = report.messages.flatMap((m) => m.copies);
    expect(all).toHaveLength(4);
    expect(Math.max(...all.map((c) => c.seconds!))).toBeLessThan(10);
    expect(report.deleted).toBe(4);
    const password = readFileSync(`${(await labPaths()).secrets}/test1001.pw`, 'utf8').trim();
    expect(JSON.stringify(report)).not.toContain(password);
    expect(progress.join('\n')).not.toContain(password);
    expect(await mailboxLeftovers(user, messageIds(report))).toEqual([]);
    expect([...(await queued(messageIds(report)))]).toEqual([]);
  });

  it('keeps the copies with keep, and says so', async () => {
    const user = await labUser('test1001');
    const { report } = await send(user, { keep: true });
    const ids = messageIds(report);
    try {
      expect(report.status, report.summary).toBe('ok');
      expect(report.kept).toBe(true);
      expect(report.deleted).toBe(0);
      expect((await mailboxLeftovers(user, ids)).sort()).toEqual([
        `servera INBOX ${ids[0]}`,
        `serverb INBOX ${ids[0]}`,
      ]);
    } finally {
      expect(await removeKept(user, ids)).toBe(2);
    }
    expect(await mailboxLeftovers(user, ids)).toEqual([]);
  });
});
