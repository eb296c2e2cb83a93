// postqueue listings written by real postfix installations (../shared/corpus/postqueue), read by the
// streaming parsers into the queue summary.
import { describe, expect, it } from 'vitest';
import { createReadStream, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readQueueListing, type QueueListingFormat } from '../../src/postfix/queue-read.js';
import type { QueuedMessage } from '../../src/postfix/queue-types.js';
import { QueueTextParser } from '../../src/postfix/queue-text.js';
import { forEachLine } from '../../src/postfix/queue-lines.js';

const DIR = fileURLToPath(new URL('../../../shared/corpus/postqueue/', import.meta.url));
const file = (name: string): string => `${DIR}${name}`;
const read = (name: string, format: QueueListingFormat, nowSeconds = 1_800_000_000) =>
  readQueueListing(createReadStream(file(name), { highWaterMark: 97 }), format, { nowSeconds });

async function messagesOf(name: string, nowSeconds: number): Promise<QueuedMessage[]> {
  const out: QueuedMessage[] = [];
  const parser = new QueueTextParser((m) => out.push(m), nowSeconds);
  await forEachLine(createReadStream(file(name), { highWaterMark: 61 }), (l) => parser.line(l));
  parser.end();
  return out;
}

describe.skipIf(!existsSync(DIR))('postqueue samples from real systems', () => {
  it('reads the anonymised postqueue -j of snclient: one message per queue, the hold entry with its reason', async () => {
    const l = await read('consol_snclient_postqueue_j_anonymized.jsonl', 'json', 1785318106 + 600);
    const s = l.summary;
    expect(l.malformed).toBe(0);
    expect([s.counts.active, s.counts.deferred, s.counts.hold]).toEqual([1, 1, 1]);
    expect(s.totalBytes).toBe(306 + 2552 + 414);
    expect(s.oldest.hold?.queueId).toBe('CCCCCCCCCCC');
    expect(
      s
        .reasons()
        .map((r) => r.reason)
        .sort(),
    ).toEqual(['Host or domain name not found', 'alias database unavailable']);
  });

  it('reads postqf test data with CRLF line ends, long queue ids and dozens of recipients per message', async () => {
    const l = await read('rseichter_postqf_qdata.jsonl', 'json', 1642850000);
    const s = l.summary;
    expect(l.malformed).toBe(0);
    expect(s.messages).toBeGreaterThanOrEqual(5);
    expect(s.counts.active).toBe(s.messages);
    expect(s.oldestOverall()?.queueId).toBe('4JfdNQ5stDz1yJf');
    // every 450 from smtp2 differs in its address and time, yet they group under one next hop and reason
    const top = s.reasons()[0]!;
    expect(top.nextHop).toBe('smtp2.example.com[91.1.2.333]');
    expect(top.reason).toMatch(/^450 4\.7\.1 <address>: Unverified Client host rejected/);
    expect(top.recipients).toBeGreaterThanOrEqual(19);
    expect(s.reasons().length).toBe(1);
    expect(s.qshapeOf(['active']).rows.get('example.com')?.[0]).toBeGreaterThan(50);
  });

  it('reads the postfix 2.x showq of postfix_exporter: * marks active, reasons at column 0 mark deferred', async () => {
    const msgs = await messagesOf('kumina_postfix_exporter_showq.txt', Date.UTC(2020, 1, 25) / 1000);
    expect(msgs.length).toBeGreaterThan(15);
    expect(msgs.find((m) => m.queueId === 'C420820802')).toMatchObject({
      queueName: 'active',
      size: 4387,
      sender: 'sender@example.com',
      recipients: [{ address: 'recipient@lerum.se' }],
    });
    const quota = msgs.find((m) => m.queueId === '0572820D64')!;
    expect(quota.queueName).toBe('deferred');
    expect(quota.recipients[0]!.delayReason).toMatch(
      /^host mail\.wekudata\.com\[37\.208\.0\.7\] said: 452 4\.2\.2 Quota exceeded .*\(in reply to RCPT TO command\)$/,
    );
    // 2020-02-24 13:35:18 read in the year before "now" (2020-02-25)
    expect(new Date(msgs[0]!.arrivalTime * 1000).toISOString()).toBe('2020-02-24T13:35:18.000Z');
  });

  it('reads the right-aligned "(mail transport unavailable)" reasons of pymailq as one group, one entry held (!)', async () => {
    const l = await read('outini_pymailq_mailq.sample', 'text', Date.UTC(2017, 11, 31) / 1000);
    const s = l.summary;
    expect(l.text?.headerSeen).toBe(true);
    expect([s.messages, s.counts.deferred, s.counts.hold]).toEqual([30, 29, 1]);
    expect(l.text?.trailer).toEqual({ kbytes: 14, requests: 30 });
    expect(s.reasons()[0]).toMatchObject({ nextHop: '', reason: 'mail transport unavailable', messages: 30 });
    expect(s.qshapeOf(['deferred', 'hold']).rows.get('test-domain.tld')?.[0]).toBe(s.recipients);
  });

  it('reads the postfix 3.x header of a docker-mailserver listing, and an entry cut off at the end', async () => {
    const l = await read('dms_issue3768_postqueue_p_excerpt.txt', 'text');
    expect(l.text?.headerSeen).toBe(true);
    expect(l.summary.counts.active).toBe(3);
    expect(l.summary.recipients).toBe(2);
  });

  it('reads long queue ids with a reason above the recipient and the "-- 0 Kbytes in 2 Requests." trailer', async () => {
    const msgs = await messagesOf('fcio_check-postfix_mailq_longids_OUT2.txt', Date.UTC(2020, 4, 14) / 1000);
    expect(msgs.map((m) => m.queueId)).toEqual(['49Mdkt2nWWz3wWJY', '49Mdqs22btz3wWJZ']);
    expect(msgs[0]!.recipients).toEqual([
      { address: 'user@test.fcio.net', delayReason: 'connect to nun[2a01:4f8:191:1234::2]:8025: Connection refused' },
    ]);
    const l = await read('fcio_check-postfix_mailq_longids_OUT2.txt', 'text', Date.UTC(2020, 4, 14) / 1000);
    expect(l.text?.trailer).toEqual({ kbytes: 0, requests: 2 });
    expect(l.summary.reasons()[0]).toMatchObject({
      nextHop: 'nun[2a01:4f8:191:1234::2]:8025',
      reason: 'Connection refused',
      messages: 2,
    });
  });
});
