// user/queue on the lab: nothing of test1003 waits anywhere; with amavis down a message for it and one from it
// wait on the relay, named with the refused content filter and the fix; queue/depth in the same sweep reads the
// same listing (one postqueue per host). Cleanup: heal, then the two messages deleted by queue id.
import { beforeAll, describe, expect, it } from 'vitest';
import { depthCheck } from '../../../checks/queue/depth/index.js';
import type { Result } from '../../../src/core/result.js';
import { queueProbe } from '../../../src/user/probes/queue.js';
import { breakFault, healFault, LAB_ADDRESSES, labExec } from '../../lab/lab.js';
import { smtpSend } from '../../lab/probes.js';
import { labUser, runForUser, type LabUser } from '../lab-user.js';

const on = (results: readonly Result[], host: string): Result =>
  results.find((r) => r.check === 'user/queue' && r.host === host)!;
const show = (results: readonly Result[]): string =>
  results.map((r) => `${r.check}@${r.host}: ${r.status} ${r.summary}`).join('\n');

let user: LabUser;
beforeAll(async () => {
  user = await labUser('test1003');
});

async function sendToRelay(from: string, to: string, id: string): Promise<string> {
  const body = `From: ${from}\nTo: ${to}\nMessage-ID: <${id}>\nSubject: ${id}\n\nuser/queue test\n`;
  const reply = await smtpSend(LAB_ADDRESSES.relay, 25, from, [to], body);
  const queueId = /queued as ([0-9A-Za-z]+)/.exec(reply)?.[1];
  if (!queueId) throw new Error(`the relay did not queue ${id}: ${reply}`);
  return queueId;
}

// Deletes every message to or from the address in the host's queue (the relay re-queues after amavis).
async function deleteQueuedOf(host: 'relay', address: string): Promise<void> {
  const listing = await labExec(host, ['postqueue', '-j']);
  for (const line of listing.stdout.split('\n').filter((l) => l.startsWith('{'))) {
    const m = JSON.parse(line) as { queue_id: string; sender: string; recipients: { address: string }[] };
    if (m.sender === address || m.recipients.some((r) => r.address === address))
      await labExec(host, ['postsuper', '-d', m.queue_id]);
  }
}

describe('user/queue', () => {
  it('healthy: no message to or from test1003 on relay, servera and serverb', async () => {
    const results = await runForUser(user, [queueProbe(user.target)]);
    expect(results.map((r) => r.host).sort()).toEqual(['relay', 'servera', 'serverb']);
    for (const r of results) {
      expect(r.status, show(results)).toBe('ok');
      expect(r.summary).toMatch(
        new RegExp(
          `^${r.host}: no message to or from test1003 \\(\\d+ addresses\\) in the queue \\(\\d+ queued messages read with /usr/sbin/postqueue -j\\)$`,
        ),
      );
    }
  }, 60_000);

  it('amavis-down: the message for test1003 and the one from it are deferred on the relay at the content filter', async () => {
    const stamp = Date.now();
    const ids: string[] = [];
    let broken: Result[];
    let held: Result;
    await breakFault('amavis-down');
    try {
      ids.push(await sendToRelay('exch01@example.com', 'test1003@example.com', `user-queue-in-${stamp}@example.com`));
      ids.push(await sendToRelay('test1003@example.com', 'exch02@example.com', `user-queue-out-${stamp}@example.com`));
      const until = Date.now() + 30_000;
      do {
        broken = await runForUser(user, [queueProbe(user.target), depthCheck]);
        const relay = broken.find((r) => r.check === 'user/queue' && r.host === 'relay');
        if (relay && /2 messages/.test(relay.summary)) break;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      } while (Date.now() < until);
      // the message for the user put on hold (postsuper -h, as a header check's HOLD would)
      await labExec('relay', ['postsuper', '-h', ids[0]!]);
      held = on(await runForUser(user, [queueProbe(user.target)]), 'relay');
    } finally {
      await healFault('amavis-down');
      for (const id of ids) await labExec('relay', ['postsuper', '-d', id]);
    }
    expect(held.status, held.summary).toBe('warn');
    expect(held.summary).toMatch(
      new RegExp(`^relay: 1 message for test1003 on hold for \\d+ s \\[${ids[0]}\\] \\(1 more in the steps\\)$`),
    );
    expect(held.hint).toBe(
      `see why with \`postcat -q ${ids[0]}\` on relay (a header/body check or an access HOLD); release with \`postsuper -H ${ids[0]}\``,
    );
    const relay = broken.find((r) => r.check === 'user/queue' && r.host === 'relay')!;
    expect(relay.status, show(broken)).toBe('warn');
    expect(relay.summary).toMatch(
      /^relay: 2 messages to and from test1003 deferred for \d+ s: connect to 127\.0\.0\.1\[127\.0\.0\.1\]:10024: Connection refused \(the content filter smtp-amavis:\[127\.0\.0\.1\]:10024\) \[\w+, \w+\]$/,
    );
    for (const id of ids) expect(relay.summary).toContain(id);
    expect(relay.hint).toBe(
      'start amavisd (service amavisd start) on relay, listening on 127.0.0.1:10024; then `postqueue -f` on relay delivers the waiting mail at once',
    );
    expect(relay.steps).toHaveLength(1);
    expect(relay.metrics.find((m) => m.label === 'messages')?.value).toBe(2);
    // queue/depth and user/queue read one listing: postqueue ran once on the relay in this sweep
    const onRelay = broken.filter((r) => r.host === 'relay');
    const listings = onRelay.flatMap((r) => r.evidence).filter((e) => /^\$ \S*postqueue -[jp]$/.test(e.label));
    expect(listings, show(onRelay)).toHaveLength(1);
    for (const r of broken.filter((x) => x.check === 'user/queue' && x.host !== 'relay'))
      expect(r.status, show(broken)).toBe('ok');

    const healed = await runForUser(user, [queueProbe(user.target)]);
    for (const r of healed) expect(r.status, show(healed)).toBe('ok');
  }, 120_000);

  it("next-hop-unreachable: on the relay the message for test1003 waits for servera; servera's postfix is down", async () => {
    let broken: Result[];
    let id: string | undefined;
    await breakFault('next-hop-unreachable');
    try {
      id = await sendToRelay('exch01@example.com', 'test1003@example.com', `user-queue-hop-${Date.now()}@example.com`);
      const until = Date.now() + 30_000;
      do {
        broken = await runForUser(user, [queueProbe(user.target)]);
        if (/deferred/.test(on(broken, 'relay').summary)) break;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      } while (Date.now() < until);
    } finally {
      await healFault('next-hop-unreachable');
      await deleteQueuedOf('relay', 'test1003@example.com'); // amavis re-queued it under a new id
    }
    const relay = on(broken, 'relay');
    expect(relay.status, show(broken)).toBe('warn');
    expect(id).toMatch(/^\w+$/);
    expect(relay.summary).toMatch(
      /^relay: 1 message for test1003 deferred for \d+ s: connect to 127\.0\.10\.2\[127\.0\.10\.2\]:10025: Connection refused \(servera 127\.0\.10\.2:10025\) \[\w+\]$/,
    );
    expect(relay.hint).toMatch(/^servera does not take mail \(connection refused\): start its SMTP service/);
    // postqueue -j as root reads servera's queue with its master stopped: nothing of test1003 is there
    // (service/smtp names the stopped postfix)
    expect(on(broken, 'servera').status, show(broken)).toBe('ok');

    const healed = await runForUser(user, [queueProbe(user.target)]);
    for (const r of healed) expect(r.status, show(healed)).toBe('ok');
  }, 120_000);
});
