// trace on the healthy lab: Exchange's message into the relay and a user's message into server A, traced by
// queue id, by Message-ID and by address, show every hop on every host (amavis, the relay's re-injection,
// server A's cyrus, the BCC archive copy to server B; procmail's re-injection joined by Message-ID, Exchange,
// the Sent Items copy on server B) and each recipient's end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageTrace, TraceResult } from '../../src/trace/types.js';
import { LAB_ADDRESSES } from '../lab/lab.js';
import { smtpSend } from '../lab/probes.js';
import { marker, openTraceLab, sendInbound, sendOutbound, type Sent, settled, type TraceLab } from './lab-trace.js';

let lab: TraceLab;
let inbound: Sent;
let outbound: Sent;

// Settled: n recipients delivered, each with its mailbox or Exchange's reply (syslog may write cyrus' line late).
const complete = (n: number) => (r: TraceResult) =>
  (r.messages[0]?.ends ?? []).filter((e) => e.state === 'delivered' && !/no cyrus line/.test(e.detail)).length >= n;
const steps = (m: MessageTrace): string[] => m.hops.map((h) => `${h.host} ${h.step}`);
const ends = (m: MessageTrace): string[] => m.ends.map((e) => `${e.recipient} ${e.state} ${e.host} ${e.detail}`);

beforeAll(async () => {
  lab = await openTraceLab();
  const m = marker('flows');
  [inbound, outbound] = await Promise.all([sendInbound(m), sendOutbound(m)]);
}, 60_000);
afterAll(async () => lab?.close());

function expectInbound(m: MessageTrace): void {
  expect(m.messageId).toBe(inbound.messageId);
  expect(m.from).toBe('exch01@example.com');
  const s = steps(m);
  for (const want of [
    /^relay smtpd: received from /,
    /^relay cleanup: message-id /,
    /^relay amavis: Passed CLEAN \{RelayedInbound\}/,
    /^relay smtp: to <test1002@example.com> -> relay 127\.0\.0\.1:10024$/,
    /^relay smtpd: received from localhost\[127\.0\.0\.1\]$/,
    /^relay smtp: to <test1002@example.com> -> servera\/servera2 127\.0\.10\.2:10025$/,
    /^relay smtp: to <test1002@serverb.example.com> -> serverb 127\.0\.10\.4:10025$/,
    /^servera local: passing <test1002@oxmail.example.com> to transport=lmtp$/,
    /^servera lmtp: to <test1002@oxmail.example.com> \(orig <test1002@example.com>\)/,
    /^servera cyrus\/lmtpunix: delivered to mailbox user.test1002$/,
    /^serverb lmtp: to <test1002@oxmail.example.com> \(orig <test1002@serverb.example.com>\)/,
    /^serverb cyrus\/lmtpunix: delivered to mailbox user.test1002$/,
  ]) {
    expect(
      s.some((x) => want.test(x)),
      `${want}\n${s.join('\n')}`,
    ).toBe(true);
  }
  expect(new Set(m.hops.map((h) => h.host))).toEqual(new Set(['relay', 'servera', 'serverb']));
  expect(ends(m).sort()).toEqual([
    'test1002@example.com delivered servera mailbox user.test1002 on servera',
    'test1002@serverb.example.com delivered serverb mailbox user.test1002 on serverb',
  ]);
}

function expectOutbound(m: MessageTrace): void {
  expect(m.messageId).toBe(outbound.messageId);
  const s = steps(m);
  for (const want of [
    /^servera pipe: to <exch02@example.com> -> procmail$/,
    /^servera smtpd: received from localhost\[127\.0\.0\.1\]$/,
    /^servera smtp: to <exch02@example.com> -> Exchange 127\.0\.10\.20:25$/,
    /^servera smtp: to <test1001@serverb.example.com> -> serverb 127\.0\.10\.4:10026$/,
    /^serverb local: passing <test1001\+sent_items@oxmail.example.com> to transport=lmtp$/,
    /^serverb cyrus\/lmtpunix: delivered to mailbox user.test1001.Sent Items$/,
  ]) {
    expect(
      s.some((x) => want.test(x)),
      `${want}\n${s.join('\n')}`,
    ).toBe(true);
  }
  // two queue ids on server A: port 25's and the re-injection's, joined by the Message-ID alone
  expect(new Set(m.hops.filter((h) => h.host === 'servera' && h.queueId).map((h) => h.queueId)).size).toBe(2);
  const e = ends(m).sort();
  expect(e[0]).toMatch(/^exch02@example.com delivered servera smtp handed to Exchange 127\.0\.10\.20:25 \(250 /);
  expect(e[1]).toBe('test1001@serverb.example.com delivered serverb mailbox user.test1001.Sent Items on serverb');
  expect(e).toHaveLength(2);
}

describe('trace on the healthy lab', () => {
  it('follows the inbound message from the relay queue id to both mailboxes, exit 0', async () => {
    const r = await lab.traceUntil({ queueId: inbound.queueId }, complete(2));
    expect(r.messages).toHaveLength(1);
    expectInbound(r.messages[0]!);
    expect(r.exitCode).toBe(0);
  });

  it('finds the same path from its Message-ID and from server B archive copy queue id', async () => {
    const byId = await lab.trace({ messageId: `<${inbound.messageId}>` });
    expect(byId.messages).toHaveLength(1);
    expectInbound(byId.messages[0]!);
    const archive = byId.messages[0]!.hops.find((h) => h.host === 'serverb' && h.queueId)!.queueId!;
    const fromB = await lab.trace({ queueId: archive });
    expectInbound(fromB.messages[0]!);
  });

  it('follows the user message through procmail re-injection to Exchange and Sent Items, exit 0', async () => {
    const r = await lab.traceUntil({ queueId: outbound.queueId }, complete(2));
    expect(r.messages).toHaveLength(1);
    expectOutbound(r.messages[0]!);
    expect(r.exitCode).toBe(0);
    const byId = await lab.trace({ messageId: outbound.messageId });
    expectOutbound(byId.messages[0]!);
  });

  it('by address lists the recent messages to and from it, newest first, each with its end', async () => {
    const to = await lab.trace({ address: 'test1002@example.com' });
    const mine = to.messages.find((m) => m.messageId === inbound.messageId);
    expect(mine, to.messages.map((m) => m.messageId).join('\n')).toBeDefined();
    expectInbound(mine!);
    const times = to.messages.map((m) => m.firstSeen ?? 0);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const from = await lab.trace({ address: 'test1001@example.com' });
    expectOutbound(from.messages.find((m) => m.messageId === outbound.messageId)!);
  });

  it('bounced: an unknown recipient bounces at Exchange (from server A) and at server B cyrus, exit 2', async () => {
    const m = marker('nosuch');
    const to = `${m}@example.com`;
    await smtpSend(LAB_ADDRESSES.relay, 25, 'exch01@example.com', [to], `Message-ID: <${m}@example.com>\n\nx\n`);
    const r = await lab.traceUntil({ address: to }, settled(2));
    expect(r.exitCode).toBe(2);
    const e = r.messages[0]!.ends.map((x) => `${x.recipient} ${x.state} ${x.host} ${x.detail}`).sort();
    expect(e[0]).toMatch(
      new RegExp(
        `^${m}@example.com bounced servera bounced on servera \\(\\w+\\): host 127\\.0\\.10\\.20\\[.*\\] said: 550 5\\.1\\.1 `,
      ),
    );
    expect(e[1]).toMatch(
      new RegExp(`^${m}@serverb.example.com bounced serverb bounced on serverb .*lmtp\\] said: 550`),
    );
    expect(
      r.messages[0]!.hops.some((h) => h.host === 'servera' && /^bounce: non-delivery notification/.test(h.step)),
    ).toBe(true);
  });

  it('rejected: a virus (EICAR) is blocked by amavis on the relay and discarded there, exit 2', async () => {
    const m = marker('eicar');
    const eicar = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';
    await smtpSend(
      LAB_ADDRESSES.relay,
      25,
      'exch01@example.com',
      ['test1002@example.com'],
      `Message-ID: <${m}@example.com>\n\n${eicar}\n`,
    );
    const r = await lab.traceUntil({ messageId: `${m}@example.com` }, settled(1));
    expect(r.exitCode).toBe(2);
    const msg = r.messages[0]!;
    expect(msg.ends.map((e) => `${e.recipient} ${e.state} ${e.host} ${e.detail}`)).toEqual([
      'test1002@example.com rejected relay blocked by amavis on relay: INFECTED Eicar-Test-Signature.UNOFFICIAL',
    ]);
    const amavis = msg.hops.filter((h) => h.step.startsWith('amavis:')).map((h) => h.step);
    expect(amavis).toHaveLength(1);
    expect(amavis[0]).toMatch(/^amavis: Blocked INFECTED \(Eicar-Test-Signature\.UNOFFICIAL\) \{DiscardedInbound/);
    expect(msg.hops.some((h) => h.host !== 'relay')).toBe(false);
  });

  it('says not found (exit 3) for an id no host logged', async () => {
    const r = await lab.trace({ messageId: `${marker('none')}@example.com` });
    expect(r.messages).toEqual([]);
    expect(r.exitCode).toBe(3);
  });
});
