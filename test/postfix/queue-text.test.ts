// postqueue -p text in the layouts postfix has printed over the years, fed line by line.
import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { readQueueListing } from '../../src/postfix/queue-read.js';
import type { QueuedMessage } from '../../src/postfix/queue-types.js';
import { QueueTextParser } from '../../src/postfix/queue-text.js';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0) / 1000; // Wed Nov 25 12:00:00 2026 UTC

function parse(
  text: string,
  now = NOW,
  offsetMinutes = 0,
): { messages: QueuedMessage[]; state: ReturnType<QueueTextParser['end']> } {
  const messages: QueuedMessage[] = [];
  const p = new QueueTextParser((m) => messages.push(m), now, offsetMinutes);
  for (const line of text.split('\n')) p.line(line);
  return { messages, state: p.end() };
}

// Postfix 2.3 (RHEL5): one space after -Queue ID-, reason right-aligned, a held and an active entry.
const OLD = `-Queue ID- --Size-- ----Arrival Time---- -Sender/Recipient-------
A1B2C3D4E5*    1234 Wed Nov 25 11:58:00  alice@example.com
                                         bob@example.org
                                         carol@example.org

F00BA12345!     512 Tue Nov 24 09:00:00  MAILER-DAEMON
                                         dave@example.com

0123456789     4096 Wed Nov 25 10:00:00  eve@example.com
                                  (connect to 127.0.10.20[127.0.10.20]:25: Connection refused)
                                         exch01@example.com
                                         exch02@example.com
                 (host mx.example.net[192.0.2.7] said: 450 4.2.0 <x@example.net>: Recipient address rejected: Greylisted (in reply to RCPT TO command))
                                         x@example.net

-- 6 Kbytes in 3 Requests.
`;

// Postfix 3.x with long queue ids and a reason wrapped over indented continuation lines.
const LONG = `----Queue ID----- --Size-- ---Arrival Time---- --Sender/Recipient------
4Jgt2V6BKNz1xy5       2272 Wed Nov 25 11:00:00 fummo@example.org
(host smtp2.example.com[192.0.2.33] said: 450-4.7.1 <host.example.net>: Unverified
    Client host rejected: Please try again later (Time: (Nov 25 11:01:11)) (in
    reply to RCPT TO command))
                                               vladi@example.com
                                               yarek@example.com

4JgtdG4SPrz1y14*      1345 Wed Nov 25 11:59:00 heidi@example.org
                                               heidi@example.org

-- 4 Kbytes in 2 Requests.
`;

describe('postqueue -p text', () => {
  it('reads the postfix 2.x layout: * is active, ! is hold, a reason marks deferred and applies to the recipients below it', () => {
    const { messages, state } = parse(OLD);
    expect(state).toMatchObject({ headerSeen: true, empty: false, trailer: { kbytes: 6, requests: 3 }, unparsed: 0 });
    expect(messages.map((m) => [m.queueId, m.queueName, m.size])).toEqual([
      ['A1B2C3D4E5', 'active', 1234],
      ['F00BA12345', 'hold', 512],
      ['0123456789', 'deferred', 4096],
    ]);
    expect(messages[0]!.recipients.map((r) => r.address)).toEqual(['bob@example.org', 'carol@example.org']);
    expect(messages[1]!.sender).toBe('');
    expect(messages[2]!.recipients).toEqual([
      { address: 'exch01@example.com', delayReason: 'connect to 127.0.10.20[127.0.10.20]:25: Connection refused' },
      { address: 'exch02@example.com', delayReason: 'connect to 127.0.10.20[127.0.10.20]:25: Connection refused' },
      {
        address: 'x@example.net',
        delayReason:
          'host mx.example.net[192.0.2.7] said: 450 4.2.0 <x@example.net>: Recipient address rejected: Greylisted (in reply to RCPT TO command)',
      },
    ]);
    expect(messages[2]!.arrivalTime).toBe(NOW - 7200);
  });

  it('reads long queue ids and joins a reason wrapped over several lines, nested parentheses included', () => {
    const { messages, state } = parse(LONG);
    expect(state.unparsed).toBe(0);
    expect(messages.map((m) => [m.queueId, m.queueName])).toEqual([
      ['4Jgt2V6BKNz1xy5', 'deferred'],
      ['4JgtdG4SPrz1y14', 'active'],
    ]);
    expect(messages[0]!.recipients).toHaveLength(2);
    expect(messages[0]!.recipients[1]!.delayReason).toBe(
      'host smtp2.example.com[192.0.2.33] said: 450-4.7.1 <host.example.net>: Unverified Client host rejected: Please try again later (Time: (Nov 25 11:01:11)) (in reply to RCPT TO command)',
    );
  });

  it('reads recipient and reason lines indented with tabs or ending in blanks and CR as the plain ones', () => {
    const { messages, state } = parse(
      OLD.split('\n')
        .map((l) => (l.startsWith(' ') ? `\t${l.trimStart()}  \t\r` : l))
        .join('\n'),
    );
    expect(state.unparsed).toBe(0);
    expect(messages).toEqual(parse(OLD).messages);
    expect(messages[2]!.recipients.map((r) => [r.address, r.delayReason])).toEqual([
      ['exch01@example.com', 'connect to 127.0.10.20[127.0.10.20]:25: Connection refused'],
      ['exch02@example.com', 'connect to 127.0.10.20[127.0.10.20]:25: Connection refused'],
      [
        'x@example.net',
        'host mx.example.net[192.0.2.7] said: 450 4.2.0 <x@example.net>: Recipient address rejected: Greylisted (in reply to RCPT TO command)',
      ],
    ]);
  });

  it('says "Mail queue is empty" and yields no message', () => {
    const { messages, state } = parse('Mail queue is empty\n');
    expect(messages).toEqual([]);
    expect(state).toMatchObject({ empty: true, unparsed: 0 });
  });

  it('puts an unmarked entry without a reason in incoming, and a maildrop entry in maildrop', () => {
    const { messages } = parse(`-Queue ID- --Size-- ----Arrival Time---- -Sender/Recipient-------
ABCDEF1234      300 Wed Nov 25 11:59:30  new@example.com
                                         someone@example.com

BCDEF12345       50 Wed Nov 25 11:59:59  (maildrop queue, sender UID 0)
                                         root

-- 1 Kbytes in 2 Requests.`);
    expect(messages.map((m) => [m.queueName, m.sender])).toEqual([
      ['incoming', 'new@example.com'],
      ['maildrop', ''],
    ]);
  });

  it('reads arrival times in the host zone and puts a date after "now" in the previous year', () => {
    const { messages } = parse(
      'ABCDEF1234      300 Wed Nov 25 13:00:00  a@example.com\n   b@example.com\n\nBCDEF12345      300 Thu Dec 31 23:00:00  a@example.com\n   b@example.com\n',
      NOW,
      120,
    );
    expect(messages[0]!.arrivalTime).toBe(NOW - 3600); // 13:00 at UTC+2 is 11:00 UTC
    expect(new Date(messages[1]!.arrivalTime * 1000).getUTCFullYear()).toBe(2025);
  });

  it('does not let a stray "(" in a reason swallow the rest of the listing', () => {
    const { messages } = parse(`ABCDEF1234      300 Wed Nov 25 11:00:00  a@example.com
(host mx[192.0.2.1] said: 451 temporary failure :-(
                                         b@example.com

BCDEF12345*     300 Wed Nov 25 11:00:00  a@example.com
                                         c@example.com
`);
    expect(messages.map((m) => m.queueId)).toEqual(['ABCDEF1234', 'BCDEF12345']);
    expect(messages[1]!.queueName).toBe('active');
  });

  it('streams a listing split at arbitrary byte boundaries into the same summary', async () => {
    const bytes = Buffer.from(OLD);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
    const l = await readQueueListing(Readable.from(chunks), 'text', { nowSeconds: NOW });
    expect(l.summary.messages).toBe(3);
    expect(l.summary.counts).toMatchObject({ active: 1, hold: 1, deferred: 1 });
    expect(l.summary.reasons().map((r) => [r.nextHop, r.messages, r.recipients])).toEqual([
      ['127.0.10.20[127.0.10.20]:25', 1, 2],
      ['mx.example.net[192.0.2.7]', 1, 1],
    ]);
  });
});
