// trace under server B's archive faults. sent-items-no-post-acl: the Sent Items copy lands in the user's INBOX,
// and the trace says so at cyrus' hop. copyfix-not-first and bcc-transport-loop do not stop mail in the lab
// (its LDAP maps do not match the @serverb forms; postfix 3.x checks loops on port 25 only): the trace shows the
// archive copy delivered into the right mailbox, which is what happens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageTrace } from '../../src/trace/types.js';
import { marker, openTraceLab, sendInbound, sendOutbound, settled, type TraceLab, withFault } from './lab-trace.js';

let lab: TraceLab;
beforeAll(async () => {
  lab = await openTraceLab();
}, 60_000);
afterAll(async () => lab?.close());

const endOf = (m: MessageTrace, recipient: string) => m.ends.find((e) => e.recipient === recipient);

describe('trace under server B faults', () => {
  it('sent-items-no-post-acl: the Sent Items copy is delivered to INBOX, and the trace says why', async () => {
    const r = await withFault('sent-items-no-post-acl', async () => {
      const sent = await sendOutbound(marker('no-post-acl'));
      return lab.traceUntil({ queueId: sent.queueId }, settled(2));
    });
    const m = r.messages[0]!;
    expect(endOf(m, 'test1001@serverb.example.com')).toMatchObject({ state: 'delivered', host: 'serverb' });
    expect(endOf(m, 'test1001@serverb.example.com')!.detail).toBe(
      "mailbox user.test1001 on serverb - the INBOX, not the +sent_items folder: the folder refused the post (no 'p' " +
        'right?) or does not exist',
    );
    expect(
      m.hops.some((h) => h.host === 'serverb' && h.step === 'cyrus/lmtpunix: delivered to mailbox user.test1001'),
    ).toBe(true);
  });

  for (const fault of ['copyfix-not-first', 'bcc-transport-loop']) {
    it(`${fault}: the trace follows the archive copy to server B's mailbox`, async () => {
      const r = await withFault(fault, async () => {
        const sent = await sendInbound(marker(fault));
        return lab.traceUntil({ queueId: sent.queueId }, settled(2));
      });
      const m = r.messages[0]!;
      expect(endOf(m, 'test1002@serverb.example.com')).toMatchObject({
        state: 'delivered',
        host: 'serverb',
        detail: 'mailbox user.test1002 on serverb',
      });
      const copy = m.hops.find((h) => h.host === 'relay' && /-> serverb 127\.0\.10\.4:10025$/.test(h.step));
      expect(copy?.status).toMatch(/^sent \(250 .*queued as \w+\)$/);
    });
  }
});
