// The trace engine on the lab's own maillogs (test/trace/fixtures/healthy: one message from Exchange into the
// relay, one from test1001 into server A, as the lab logged them): every hop on every host from any one id, each
// recipient's end, the exit code; with server B's log missing, the archive hand-off is lost.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildTrace } from '../../src/trace/build.js';
import { corpusText } from '../logs/corpus-lines.js';
import type { MessageTrace } from '../../src/trace/types.js';
import { fixtureLines, labBook, linesOf } from './lines.js';

const HOSTS = ['relay', 'servera', 'serverb'];
const lines = fixtureLines('healthy', HOSTS);
const UNTIL = Date.UTC(2026, 11, 7, 2, 30);
const IN = 'h4fx1796609692-in@example.com';
const OUT = 'h4fx1796609692-out@example.com';

const ends = (m: MessageTrace): string[] => m.ends.map((e) => `${e.recipient} ${e.state} ${e.host}: ${e.detail}`);
const stays = (m: MessageTrace): string[] => [
  ...new Set(m.hops.filter((h) => h.queueId).map((h) => `${h.host}/${h.queueId}`)),
];

const INBOUND_ENDS = [
  'test1002@serverb.example.com delivered serverb: mailbox user.test1002 on serverb',
  'test1002@example.com delivered servera: mailbox user.test1002 on servera',
];
const INBOUND_STAYS = ['relay/E628810C857', 'relay/0C4A210C8F2', 'serverb/1A71C10E230', 'servera/2063210E22F'];

describe('buildTrace on the lab flows', () => {
  it('follows Exchange mail from the relay queue id through amavis to server A and the archive copy on B', () => {
    const r = buildTrace(lines, { queueId: 'E628810C857', until: UNTIL }, labBook);
    expect(r.exitCode).toBe(0);
    expect(r.messages).toHaveLength(1);
    const m = r.messages[0]!;
    expect(m).toMatchObject({ messageId: IN, from: 'exch01@example.com', firstSeen: Date.UTC(2026, 11, 7, 2, 14, 52) });
    expect(stays(m)).toEqual(INBOUND_STAYS);
    expect(ends(m)).toEqual(INBOUND_ENDS);
    const amavisHandOff = m.hops.find((h) => h.step === 'smtp: to <test1002@example.com> -> relay 127.0.0.1:10024')!;
    expect(amavisHandOff).toMatchObject({ host: 'relay', queueId: 'E628810C857', delayMs: 120, sincePreviousMs: 0 });
    expect(amavisHandOff.status).toBe(
      'sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as 0C4A210C8F2)',
    );
    expect(m.hops.filter((h) => h.step.startsWith('cyrus/lmtpunix: delivered')).map((h) => h.host)).toEqual([
      'serverb',
      'servera',
    ]);
    // the hops are in time order
    const times = m.hops.map((h) => h.time!);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('finds the whole path from any of its ids: server A queue id, B archive copy id, the Message-ID', () => {
    for (const query of [{ queueId: '2063210E22F' }, { queueId: '1A71C10E230' }, { messageId: `<${IN}>` }]) {
      const r = buildTrace(lines, { ...query, until: UNTIL }, labBook);
      expect(r.messages.map(stays), JSON.stringify(query)).toEqual([INBOUND_STAYS]);
      expect(ends(r.messages[0]!)).toEqual(INBOUND_ENDS);
    }
  });

  it('joins server A procmail re-injection by Message-ID: Exchange and the Sent Items copy on B', () => {
    const r = buildTrace(lines, { queueId: 'EDA0310E228', until: UNTIL }, labBook);
    expect(r.exitCode).toBe(0);
    const m = r.messages[0]!;
    expect(m.messageId).toBe(OUT);
    expect(stays(m)).toEqual(['servera/EDA0310E228', 'servera/04DCB10E22F', 'serverb/1CB9810E237']);
    expect(ends(m)).toEqual([
      'exch02@example.com delivered servera: smtp handed to Exchange 127.0.10.20:25 (250 2.0.0 Ok: queued as 17DB810C857)',
      'test1001@serverb.example.com delivered serverb: mailbox user.test1001.Sent Items on serverb',
    ]);
  });

  it('finds the hand-off to the VIP on whichever cluster node logged it (server A lines read from node9999)', () => {
    const fromStandby = [
      ...fixtureLines('healthy', ['relay', 'serverb']),
      ...fixtureLines('healthy', ['servera']).map((l) => ({ ...l, host: 'servera2' })),
    ];
    const r = buildTrace(fromStandby, { queueId: 'E628810C857', until: UNTIL }, labBook);
    expect(stays(r.messages[0]!)).toContain('servera2/2063210E22F');
    expect(ends(r.messages[0]!)).toContain(
      'test1002@example.com delivered servera2: mailbox user.test1002 on servera2',
    );
  });

  it("shows amavis' verdict without a Queue-ID (amavisd-new before 2.6) at the stay that handed to it", () => {
    const relay = readFileSync(new URL('fixtures/healthy/relay.maillog', import.meta.url), 'utf8');
    const old = relay.replace('Queue-ID: E628810C857, ', '');
    expect(old).not.toBe(relay);
    const mtime = Date.UTC(2026, 11, 7, 3);
    const r = buildTrace(
      [...linesOf('relay', old, mtime), ...fixtureLines('healthy', ['servera', 'serverb'])],
      {
        queueId: 'E628810C857',
        until: UNTIL,
      },
      labBook,
    );
    const amavis = r.messages[0]!.hops.filter((h) => h.step.startsWith('amavis:'));
    expect(amavis.map((h) => `${h.queueId} ${h.step} | ${h.status}`)).toEqual([
      'E628810C857 amavis: Passed CLEAN {RelayedInbound}, hits - | queued as 0C4A210C8F2',
    ]);
    expect(ends(r.messages[0]!)).toEqual(INBOUND_ENDS);
  });

  it('by address: the messages to and from it', () => {
    expect(
      buildTrace(lines, { address: 'TEST1002@example.com', until: UNTIL }, labBook).messages.map((m) => m.messageId),
    ).toEqual([IN]);
    expect(
      buildTrace(lines, { address: 'test1001@example.com', until: UNTIL }, labBook).messages.map((m) => m.messageId),
    ).toEqual([OUT]);
  });

  it('exit 3 when nothing names the id, and outside since/until', () => {
    expect(buildTrace(lines, { queueId: 'ABCDEF12345' }, labBook)).toMatchObject({ messages: [], exitCode: 3 });
    const late = buildTrace(lines, { messageId: IN, since: UNTIL }, labBook);
    expect(late).toMatchObject({ messages: [], exitCode: 3 });
  });

  it('says "no line on serverb within N minutes" when server B has no line for the queued-as id, exit 2', () => {
    const withoutB = fixtureLines('healthy', ['relay', 'servera']);
    const r = buildTrace(withoutB, { queueId: 'E628810C857', until: UNTIL }, labBook);
    expect(r.exitCode).toBe(2);
    expect(ends(r.messages[0]!)).toEqual([
      'test1002@serverb.example.com lost serverb: no line on serverb within 15 minutes after the hand-off ' +
        '(0C4A210C8F2 queued as 1A71C10E230 on relay)',
      'test1002@example.com delivered servera: mailbox user.test1002 on servera',
    ]);
  });
});

describe('buildTrace on corpus lines', () => {
  it('by address, a NOQUEUE reject is a message of its own, rejected with the reply (fail2ban corpus), exit 2', () => {
    const text = corpusText('maillog/fail2ban_postfix.log');
    const r = buildTrace(linesOf('relay', text, Date.UTC(2026, 11, 7)), { address: 'smtp@example.org' }, labBook);
    expect(r.exitCode).toBe(2);
    expect(r.messages).toHaveLength(1);
    expect(r.messages[0]!.from).toBe('john@example.com');
    expect(r.messages[0]!.hops.map((h) => `${h.host} ${h.step} | ${h.status}`)).toEqual([
      'relay smtpd: NOQUEUE reject RCPT | 554 5.7.1 <smtp@example.com>: Relay access denied',
    ]);
    expect(r.messages[0]!.ends).toMatchObject([
      {
        recipient: 'smtp@example.org',
        state: 'rejected',
        host: 'relay',
        detail: 'rejected by relay smtpd: 554 5.7.1 <smtp@example.com>: Relay access denied',
      },
    ]);
  });
});
