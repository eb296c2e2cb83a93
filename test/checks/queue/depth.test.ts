// queue/depth on postqueue listings written by real postfix installations (../shared/corpus/postqueue, read in
// place): a postqueue in a temporary command_directory prints the sample (and, for the failures, what postfix
// prints on stderr); the queue directory is a real temporary tree the check counts with find. A running private
// postfix of this machine: depth-postfix.test.ts.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { depthCheck } from '../../../checks/queue/depth/index.js';
import type { RangePair } from '../../../src/config/types.js';
import { makeFacts, POSTCONF_FACT } from '../../../src/facts/postconf.js';
import { QUEUE_NAMES } from '../../../src/postfix/queue-types.js';
import { fixtureTree } from '../../facts/fixture-hosts.js';
import { seed } from '../../facts/seed.js';
import { makeContext } from '../../helpers/context.js';

const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/postqueue/', import.meta.url));
const POSTFIX_3 = '3.7.11'; // postqueue -j
const POSTFIX_2 = '2.3.3'; // postqueue -p (RHEL5)

// The samples are years old (and the text listings carry no year), so the age limit is lifted where a test is not
// about age: 100 million minutes.
const AGELESS: Record<string, RangePair> = { 'queue.oldestMinutes': { warn: '100000000', crit: '100000000' } };

const tree = fixtureTree();
afterAll(() => tree.remove());
let hosts = 0;

interface Postqueue {
  readonly sample?: string; // file of the corpus postqueue prints on stdout
  readonly stdout?: string; // or this text
  readonly stderr?: string;
  readonly exit?: number;
  readonly version?: string;
  readonly filesIn?: Readonly<Partial<Record<(typeof QUEUE_NAMES)[number], number>>>; // queue files on disk
}

// Postconf facts of a host whose queue_directory and command_directory are in the temporary tree.
function postfixWith(postqueue: Postqueue): Record<string, unknown> {
  const dir = `/host${hosts++}`;
  for (const queue of QUEUE_NAMES) {
    mkdirSync(join(tree.root, dir, 'spool', queue), { recursive: true });
    for (let i = 0; i < (postqueue.filesIn?.[queue] ?? 0); i++)
      tree.write(`${dir}/spool/${queue}/4Bq${i}x`, 'queue file');
  }
  const stdout = postqueue.sample ? `cat '${CORPUS}${postqueue.sample}'` : `printf '%s\\n' '${postqueue.stdout ?? ''}'`;
  const stderr = postqueue.stderr ? `printf '%s\\n' '${postqueue.stderr}' >&2` : ':';
  tree.write(`${dir}/sbin/postqueue`, `#!/bin/sh\n${stdout}\n${stderr}\nexit ${postqueue.exit ?? 0}\n`, 0o755);
  const params = new Map([
    ['queue_directory', `${tree.root}${dir}/spool`],
    ['command_directory', `${tree.root}${dir}/sbin`],
  ]);
  return seed(POSTCONF_FACT, makeFacts('postconf', params, '/etc/postfix', postqueue.version ?? POSTFIX_2, new Map()));
}

const run = (postqueue: Postqueue, thresholds: Record<string, RangePair> = AGELESS) =>
  depthCheck.run(makeContext({ facts: postfixWith(postqueue), site: { thresholds } }));

describe('queue/depth on real postqueue listings', () => {
  it('is OK within the limits, with perfdata for every queue, the oldest message, recipients and size', async () => {
    const outcome = await run({ sample: 'kumina_postfix_exporter_showq.txt' });
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toMatch(
      /^queue of testhost is fine: 0 maildrop, 0 incoming, 16 active, 8 deferred, 0 hold, 0 corrupt; oldest .*; 116 KB/,
    );
    expect(outcome.summary).toMatch(/\(\/.*\/sbin\/postqueue -p, postfix 2\.3\.3\)$/);
    expect(outcome.metrics?.map((m) => m.label)).toEqual([...QUEUE_NAMES, 'oldest_minutes', 'recipients', 'size']);
    expect(outcome.metrics).toContainEqual(
      expect.objectContaining({ label: 'deferred', value: 8, warn: '50', crit: '200' }),
    );
  });

  it('is OK with the default limits on an empty queue', async () => {
    const outcome = await depthCheck.run(makeContext({ facts: postfixWith({ stdout: 'Mail queue is empty' }) }));
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toMatch(/^queue of testhost is fine: 0 maildrop, 0 incoming, 0 active, 0 deferred, 0 hold/);
  });

  it('warns when deferred mail passes queue.deferred warn, naming the next hop and its reason', async () => {
    const outcome = await run(
      { sample: 'kumina_postfix_exporter_showq.txt' },
      { ...AGELESS, 'queue.deferred': { warn: '5', crit: '50' } },
    );
    // catches: deferred mail past queue.deferred: WARN, past its crit: CRIT
    expect(outcome.status).toBe('warn');
    expect(outcome.summary).toMatch(/^8 deferred \(expected at most 5\), \d+ for .+: /);
    // catches: a next hop answers with a temporary 4xx reply (mailbox over quota, client host rejected)
    expect(outcome.summary).toMatch(
      /for alt1\.gmail-smtp-in\.l\.google\.com\[108\.177\.97\.26\]: 452 4\.2\.2 .* over quota/,
    );
    expect(outcome.hint).toMatch(/postqueue -f/);
    expect(outcome.hint).toMatch(/answers with a temporary error: fix what it complains about there/);
    expect(outcome.metrics).toContainEqual(
      expect.objectContaining({ label: 'deferred', value: 8, warn: '5', crit: '50' }),
    );
  });

  it('is CRIT when deferred mail passes queue.deferred crit', async () => {
    const outcome = await run(
      { sample: 'outini_pymailq_mailq.sample' },
      { ...AGELESS, 'queue.deferred': { warn: '10', crit: '20' }, 'queue.hold': { warn: '1', crit: '100' } },
    );
    // catches: deferred mail past queue.deferred: WARN, past its crit: CRIT
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toMatch(/^29 deferred \(expected at most 10\), \d+ for /);
    // catches: a local delivery service fails: mail deferred with "mail transport unavailable"
    expect(outcome.summary).toMatch(/for no next hop named: mail transport unavailable/);
    expect(outcome.hint).toMatch(
      /^a local delivery service of testhost fails \(mail transport unavailable\): check master\.cf/,
    );
    expect(outcome.summary).toContain('[0 maildrop, 0 incoming, 0 active, 29 deferred, 1 hold, 0 corrupt;');
  });

  it('warns on a single message on hold, which only a human puts there at this site', async () => {
    const outcome = await run({ sample: 'outini_pymailq_mailq.sample' });
    // catches: mail put on hold (header_checks or access HOLD, postsuper -h)
    expect(outcome.status).toBe('warn');
    expect(outcome.summary).toMatch(/^1 hold \(expected at most 0\), put on hold /);
    expect(outcome.hint).toMatch(/postsuper -H ID/);
  });

  it('warns on active mail over its limit with the delay reason by next hop (postfix 3 -j listing)', async () => {
    const outcome = await run(
      { sample: 'rseichter_postqf_qdata.jsonl', version: POSTFIX_3 },
      { ...AGELESS, 'queue.active': { warn: '2', crit: '10' } },
    );
    // catches: delivery slower than arrival: the active queue past queue.active
    expect(outcome.status).toBe('warn');
    // catches: a next hop answers with a temporary 4xx reply (mailbox over quota, client host rejected)
    expect(outcome.summary).toMatch(
      /^5 active \(expected at most 2\), \d+ for .*smtp2\.example\.com.*: 450 4\.7\.1 .*Client host rejected/,
    );
    expect(outcome.summary).toMatch(/postqueue -j, postfix 3\.7\.11\)/);
  });

  it('is CRIT with the default limits when the oldest message has waited for days, naming it', async () => {
    const outcome = await depthCheck.run(
      makeContext({
        facts: postfixWith({ sample: 'consol_snclient_postqueue_j_anonymized.jsonl', version: POSTFIX_3 }),
      }),
    );
    // catches: a message stuck for days: the oldest past queue.oldestMinutes, named by queue id
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toMatch(
      /^oldest message AAAAAAAAAAA \(active\) waits [\d.]+ d \(expected at most 1440 min\)/,
    );
    expect(outcome.hint).toContain('postcat -q AAAAAAAAAAA');
    const oldest = outcome.metrics?.find((m) => m.label === 'oldest_minutes');
    expect(oldest?.value).toBeGreaterThan(4320);
  });

  it('counts the corrupt queue from the directory, which no listing shows', async () => {
    const outcome = await run({ sample: 'kumina_postfix_exporter_showq.txt', filesIn: { corrupt: 2 } });
    // catches: unreadable queue files in the corrupt queue
    expect(outcome.status).toBe('warn');
    expect(outcome.summary).toMatch(/^2 corrupt \(expected at most 0\), unreadable queue files/);
  });

  it('asks whether a next hop that refuses connections is down (postfix 2.9+ -p listing, long queue ids)', async () => {
    const outcome = await run(
      { sample: 'fcio_check-postfix_mailq_longids_OUT2.txt' },
      { ...AGELESS, 'queue.deferred': { warn: '1', crit: '10' } },
    );
    // catches: a next hop refuses connections: deferred mail names the hop and asks whether it is down
    expect(outcome.status).toBe('warn');
    const hop = 'nun[2a01:4f8:191:1234::2]:8025';
    expect(outcome.summary).toContain(
      `2 deferred (expected at most 1), 2 for ${hop}: Connection refused; is ${hop} down?`,
    );
    expect(outcome.hint).toMatch(/does not take mail \(connection refused\): start its SMTP service or fix the path/);
  });

  it('names "alias database unavailable" as the reason local mail is deferred', async () => {
    const outcome = await run(
      { sample: 'consol_snclient_postqueue_j_anonymized.jsonl', version: POSTFIX_3 },
      { ...AGELESS, 'queue.deferred': { warn: '0', crit: '10' }, 'queue.hold': { warn: '5', crit: '10' } },
    );
    // catches: the alias database unavailable: local mail deferred, the reason named
    expect(outcome.status).toBe('warn');
    expect(outcome.summary).toMatch(
      /^1 deferred \(expected at most 0\), 1 for no next hop named: alias database unavailable/,
    );
    expect(outcome.hint).toMatch(/postcat -q ID/);
  });
});

describe('queue/depth when the queue cannot be listed', () => {
  it('is CRIT "mail system is down" with the counts of the queue directory when postqueue -p cannot list', async () => {
    const outcome = await run({
      stderr: 'postqueue: fatal: Queue report unavailable - mail system is down',
      exit: 69,
      filesIn: { deferred: 3 },
    });
    // catches: postfix master stopped: postqueue says the mail system is down (-p and -j)
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toMatch(
      /^the postfix master on testhost is not running \("mail system is down": .*exited 69/,
    );
    expect(outcome.summary).toMatch(/holds maildrop 0, incoming 0, active 0, deferred 3, hold 0, corrupt 0$/);
    expect(outcome.hint).toMatch(/^start postfix on testhost \(postfix start\)/);
  });

  it('is CRIT "mail system is down" when postqueue -j reads the queue directly', async () => {
    const outcome = await run({
      sample: 'consol_snclient_postqueue_j_anonymized.jsonl',
      version: POSTFIX_3,
      stderr: 'postqueue: warning: Mail system is down -- accessing queue directly',
      exit: 0,
    });
    // catches: postfix master stopped: postqueue says the mail system is down (-p and -j)
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toMatch(
      /^the postfix master on testhost is not running \("mail system is down"\): nothing is received/,
    );
    expect(outcome.summary).toContain('[0 maildrop, 0 incoming, 1 active, 1 deferred, 1 hold, 0 corrupt;');
    expect(outcome.hint).toMatch(/^start postfix on testhost/);
  });

  it("is UNKNOWN with postqueue's own complaint when it fails for another reason", async () => {
    const outcome = await run({ stderr: 'postqueue: fatal: open /etc/postfix/main.cf: Permission denied', exit: 75 });
    // catches: postqueue cannot read main.cf: UNKNOWN with postqueue's own complaint
    expect(outcome.status).toBe('unknown');
    expect(outcome.summary).toMatch(
      /^cannot list the queue of testhost: .*postqueue -p exited 75: open \/etc\/postfix\/main\.cf: Permission denied;/,
    );
    expect(outcome.hint).toMatch(/run postqueue as root/);
  });

  it('is UNKNOWN without postfix on the host, saying there is no queue to read', async () => {
    const none = seed(POSTCONF_FACT, makeFacts('none', new Map(), '/etc/postfix', undefined, new Map()));
    const outcome = await depthCheck.run(makeContext({ facts: none }));
    expect(outcome.status).toBe('unknown');
    expect(outcome.summary).toBe('no postfix on testhost (no postconf, no main.cf), so there is no queue to read');
    expect(outcome.hint).toMatch(/host roles/);
  });
});
