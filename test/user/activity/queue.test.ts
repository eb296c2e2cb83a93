// user/queue's reading of a real postqueue -j line (postfix 3.7 on the lab's relay, amavis down) and its
// judgement, and the queue fact's bound on kept messages.
import { describe, expect, it } from 'vitest';
import { parseQueueJsonLine } from '../../../src/postfix/queue-json.js';
import { KeptMessages } from '../../../src/postfix/queue-kept.js';
import { groupQueued } from '../../../src/user/activity/queue-groups.js';
import { userQueued } from '../../../src/user/activity/queue-match.js';
import { queueVerdict, type QueueScene } from '../../../src/user/activity/queue-verdict.js';
import { addressOwner } from '../../../src/user/activity/user-address.js';

const LINE =
  '{"queue_name": "deferred", "queue_id": "F0C581A0007", "arrival_time": 1796621573, "message_size": 333, "forced_expire": false, "sender": "exch01@example.com", "recipients": [{"address": "test1003@example.com", "delay_reason": "connect to 127.0.0.1[127.0.0.1]:10024: Connection refused"}]}';
const message = parseQueueJsonLine(LINE)!;
const owns = addressOwner({ login: 'test1003', addresses: ['test1003@example.com'] });

function scene(ageSeconds: number, copies = 1): QueueScene {
  const messages = Array.from({ length: copies }, (_, i) => ({ ...message, queueId: `F0C581A000${i}` }));
  return {
    host: 'relay',
    login: 'test1003',
    addressCount: 1,
    groups: groupQueued(userQueued(messages, owns, message.arrivalTime + ageSeconds)),
    listed: copies,
    dropped: 0,
    command: '/usr/sbin/postqueue -j',
    filters: [{ transport: 'smtp-amavis', nexthop: '[127.0.0.1]:10024', host: '127.0.0.1', port: 10024 }],
    nameHop: (hop) => ({ label: hop }),
    fixOf: () => 'the generic fix',
  };
}

describe('addressOwner', () => {
  it("knows the user's addresses and its login as any address' local part, not a longer login", () => {
    const o = addressOwner({ login: 'test1003', addresses: ['test1003@example.com', 'max@example.org'] });
    expect(
      ['TEST1003@example.com', 'max@example.org', 'test1003@oxmail.example.com', 'test1003+sent_items@x.org'].map(o),
    ).toEqual([true, true, true, true]);
    expect(['test10031@example.com', 'max@example.com', 'test1003', ''].map(o)).toEqual([false, false, false, false]);
  });
});

describe('queueVerdict', () => {
  it('a message for the user deferred at the content filter: WARN naming the filter, the fix to start amavisd', () => {
    const o = queueVerdict(scene(720));
    expect(o.status).toBe('warn');
    expect(o.summary).toBe(
      'relay: 1 message for test1003 deferred for 12 min: connect to 127.0.0.1[127.0.0.1]:10024: Connection refused (the content filter smtp-amavis:[127.0.0.1]:10024) [F0C581A0000]',
    );
    expect(o.hint).toMatch(/^start amavisd \(service amavisd start\) on relay, listening on 127\.0\.0\.1:10024/);
  });

  it('an hour old, or ten messages alike: CRIT', () => {
    expect(queueVerdict(scene(3600)).status).toBe('crit');
    expect(queueVerdict(scene(10, 10)).status).toBe('crit');
  });

  it("nobody else's mail: OK, saying how much was read", () => {
    const o = queueVerdict({ ...scene(10), groups: [] });
    expect(o.status).toBe('ok');
    expect(o.summary).toBe(
      'relay: no message to or from test1003 (1 addresses) in the queue (1 queued messages read with /usr/sbin/postqueue -j)',
    );
  });

  it('a listing past the kept bound: UNKNOWN for the part not searched', () => {
    const kept = new KeptMessages(2);
    for (let i = 0; i < 5; i++) kept.add(message);
    expect([kept.messages.length, kept.dropped]).toEqual([2, 3]);
    const o = queueVerdict({ ...scene(10), groups: [], listed: 5, dropped: kept.dropped });
    expect(o.status).toBe('unknown');
    expect(o.summary).toBe('relay: only the first 2 of 5 queued messages were searched for test1003');
  });
});
