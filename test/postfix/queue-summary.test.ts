// The pieces of the queue summary: JSON lines, reason grouping, qshape counting, line splitting, queue dirs.
import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { parseQueueDirReport } from '../../src/postfix/queue-dir.js';
import { parseQueueJsonLine } from '../../src/postfix/queue-json.js';
import { forEachLine } from '../../src/postfix/queue-lines.js';
import { QshapeGrid, qshapeBucket, qshapeDomain, renderQshape } from '../../src/postfix/queue-qshape.js';
import { compactHop, hopAddress, reasonKey } from '../../src/postfix/queue-reason.js';
import { QueueSummary } from '../../src/postfix/queue-summary.js';
import { hasJsonQueueListing } from '../../src/postfix/queue-version.js';

describe('postqueue -j lines', () => {
  it('ignores unknown fields and keeps what the summary needs', () => {
    const m = parseQueueJsonLine(
      '{"queue_name": "deferred", "queue_id": "3F1A2B", "arrival_time": 1700000000, "message_size": 12, "forced_expire": true, "sender": "", "future_field": {"x": 1}, "recipients": [{"address": "a@b.c", "orig_address": "x@b.c", "delay_reason": "r", "new": 2}]}',
    );
    expect(m).toEqual({
      queueName: 'deferred',
      queueId: '3F1A2B',
      arrivalTime: 1700000000,
      size: 12,
      sender: '',
      forcedExpire: true,
      recipients: [{ address: 'a@b.c', delayReason: 'r' }],
    });
  });

  it.each([
    ['not json'],
    ['[1,2]'],
    ['{"queue_name": "nonsense", "queue_id": "X"}'],
    ['{"queue_name": "active"}'],
    ['null'],
  ])('refuses %s', (line) => {
    expect(parseQueueJsonLine(line)).toBeNull();
  });
});

describe('delay reasons grouped by next hop', () => {
  it.each([
    [
      'delivery temporarily suspended: connect to 127.0.10.20[127.0.10.20]:25: Connection refused',
      '127.0.10.20[127.0.10.20]:25',
      'Connection refused',
    ],
    [
      'connect to mx.example.org[192.0.2.1]:25: Connection timed out',
      'mx.example.org[192.0.2.1]:25',
      'Connection timed out',
    ],
    [
      'host mx.example.org[192.0.2.1] said: 452-4.2.2 The account <a@example.org> is over quota 452 4.2.2 id q24si6538316pgt.498 - gsmtp (in reply to RCPT TO command)',
      'mx.example.org[192.0.2.1]',
      '452 4.2.2 The account <address> is over quota 452 4.2.2 id <id> - gsmtp (in reply to RCPT TO command)',
    ],
    [
      'lost connection with mx.example.org[192.0.2.1] while receiving the initial server greeting',
      'mx.example.org[192.0.2.1]',
      'lost connection while receiving the initial server greeting',
    ],
    [
      'conversation with mx.example.org[192.0.2.1] timed out while sending end of data -- message may be sent more than once',
      'mx.example.org[192.0.2.1]',
      'timed out while sending end of data -- message may be sent more than once',
    ],
    [
      'Host or domain name not found. Name service error for name=nowhere.invalid type=MX: Host not found, try again',
      'nowhere.invalid',
      'name service error (MX): Host not found, try again',
    ],
    ['mail transport unavailable', '', 'mail transport unavailable'],
  ])('%s', (raw, nextHop, reason) => {
    expect(reasonKey(raw)).toEqual({ nextHop, reason });
  });

  it('gives reasons that differ only in addresses, times and ids one key', () => {
    const a = reasonKey(
      'host s[192.0.2.3] said: 450 4.7.1 <a@x.org>: try later, Time: (Jan 22 12:01:11), id 4Jgt2V6BKNz1xy5',
    );
    const b = reasonKey(
      'host s[192.0.2.3] said: 450 4.7.1 <b@y.org>: try later, Time: (Jan 23 09:02:12), id 4JgtdG3s0yz1y0v',
    );
    expect(a).toEqual(b);
  });

  it('shows a hop without its repeated address and finds the address and port to match endpoints', () => {
    expect(compactHop('127.0.10.20[127.0.10.20]:25')).toBe('127.0.10.20:25');
    expect(compactHop('mx.example.org[192.0.2.1]:25')).toBe('mx.example.org[192.0.2.1]:25');
    expect(hopAddress('mx.example.org[192.0.2.1]:25')).toEqual({ host: '192.0.2.1', port: 25 });
    expect(hopAddress('nowhere.invalid')).toEqual({ host: 'nowhere.invalid' });
  });

  it('counts a message once per group however many of its recipients share the reason', () => {
    const s = new QueueSummary(1000);
    const reason = 'connect to h[192.0.2.1]:25: Connection refused';
    s.add({
      queueName: 'deferred',
      queueId: 'A',
      arrivalTime: 900,
      size: 10,
      sender: 'x@y',
      forcedExpire: false,
      recipients: [
        { address: 'a@d', delayReason: reason },
        { address: 'b@d', delayReason: reason },
      ],
    });
    s.add({
      queueName: 'deferred',
      queueId: 'B',
      arrivalTime: 100,
      size: 20,
      sender: 'x@y',
      forcedExpire: false,
      recipients: [{ address: 'c@e', delayReason: reason }],
    });
    expect(s.reasons()).toMatchObject([{ nextHop: 'h[192.0.2.1]:25', messages: 2, recipients: 3 }]);
    expect(s.oldestOverall()).toEqual({ queueId: 'B', queueName: 'deferred', ageSeconds: 900 });
    expect([s.messages, s.recipients, s.totalBytes]).toEqual([2, 3, 30]);
  });
});

describe('the qshape view', () => {
  it.each([
    [0, 1],
    [299, 1],
    [300, 2],
    [599, 2],
    [600, 3],
    [1199, 3],
    [1200, 4],
    [38_399, 8],
    [38_400, 9],
    [76_799, 9],
    [76_800, 10],
    [10_000_000, 10],
    [-50, 1],
  ])('puts a message %i s old in bucket %i, as qshape does', (age, bucket) => {
    expect(qshapeBucket(age)).toBe(bucket);
  });

  it.each([
    ['User@Example.COM', 'example.com'],
    ['', 'MAILER-DAEMON'],
    ['root', 'root'],
    ['a@b@c.example.', 'c.example'],
    ['x@sub..example.org', 'sub.example.org'],
  ])('counts %j under %j', (address, domain) => {
    expect(qshapeDomain(address)).toBe(domain);
  });

  it('renders TOTAL and the largest domains with the bucket limits as columns', () => {
    const g = new QshapeGrid();
    for (let i = 0; i < 3; i++) g.add('example.com', 1);
    g.add('example.org', 10);
    const text = renderQshape(g);
    expect(text.split('\n')[0]).toMatch(/T +5 +10 +20 +40 +80 +160 +320 +640 +1280 +1280\+$/);
    expect(text).toMatch(/ TOTAL 4 3 +0 .* 1$/m);
    expect(text.split('\n')[2]).toMatch(/example\.com 3 3/);
  });

  it('caps distinct domains and counts the rest together, so memory stays bounded', () => {
    const g = new QshapeGrid(3);
    for (let i = 0; i < 10; i++) g.add(`d${i}.example`, 1);
    expect(g.rows.size).toBe(4);
    expect(g.rows.get('(other domains)')?.[0]).toBe(7);
    expect(g.total[0]).toBe(10);
  });
});

describe('line splitting', () => {
  it('splits across chunk boundaries, keeps multi-byte characters whole, strips CR, drops overlong lines', async () => {
    const text = Buffer.from('a\r\nbé\nccccccccccccccc\nd');
    const chunks = [text.subarray(0, 3), text.subarray(3, 5), text.subarray(5, 9), text.subarray(9)];
    const got: string[] = [];
    const stats = await forEachLine(Readable.from(chunks), (l) => got.push(l), 10);
    expect(got).toEqual(['a', 'bé', 'd']);
    expect(stats).toEqual({ lines: 3, overlong: 1 });
  });
});

describe('queue directory counts', () => {
  it('reads the host clock and zone, file counts, and directories it could not list', () => {
    const r = parseQueueDirReport(
      'now 1795617144 -0130\nqueue maildrop 0\nqueue incoming 2\nqueue active 1\nqueue deferred unreadable 40\nqueue hold missing\nqueue corrupt 0\n',
    );
    expect(r.nowSeconds).toBe(1795617144);
    expect(r.utcOffsetMinutes).toBe(-90);
    expect(r.counts).toEqual([
      { queue: 'maildrop', files: 0 },
      { queue: 'incoming', files: 2 },
      { queue: 'active', files: 1 },
      { queue: 'deferred', files: null, problem: 'unreadable' },
      { queue: 'hold', files: null, problem: 'missing' },
      { queue: 'corrupt', files: 0 },
    ]);
  });

  it.each([
    ['3.7.11', true],
    ['3.1.0', true],
    ['3.0.4', false],
    ['2.3.3', false],
    ['10.0', true],
    [undefined, false],
  ])('postfix %s lists as JSON: %s', (v, json) => {
    expect(hasJsonQueueListing(v)).toBe(json);
  });
});
