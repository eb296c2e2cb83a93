// queue/depth on a private postfix of this machine (its own main.cf, master.cf and queue directory in a temporary
// directory; no inet listener, so it never meets the lab or the machine's own postfix). The check runs this
// machine's postqueue against it (a postqueue in its command_directory adds -c). The instance is built up as
// its failures are: first without pickup and qmgr (mail stays in the maildrop), then pickup added (it stays in
// incoming), then qmgr and smtp towards a relayhost whose name does not resolve (it is deferred). Last, a queue
// no master ever ran: postqueue -j says the mail system is down. Root only, as oxdoctor runs postqueue.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { depthCheck } from '../../../checks/queue/depth/index.js';
import type { RangePair } from '../../../src/config/types.js';
import { makeFacts, POSTCONF_FACT } from '../../../src/facts/postconf.js';
import { seed } from '../../facts/seed.js';
import { makeContext } from '../../helpers/context.js';

const POSTFIX_BIN = '/usr/sbin';

// master.cf services added step by step: what the failing host lacks is what is not there yet.
const BASE = [
  'cleanup   unix  n       -       n       -       0       cleanup',
  'rewrite   unix  -       -       n       -       -       trivial-rewrite',
  'showq     unix  n       -       n       -       -       showq',
  'postlog   unix-dgram n  -       n       -       1       postlogd',
];
const PICKUP = ['pickup    unix  n       -       n       60      1       pickup'];
const DELIVERY = [
  'qmgr      unix  n       -       n       300     1       qmgr',
  'bounce    unix  -       -       n       -       0       bounce',
  'defer     unix  -       -       n       -       0       bounce',
  'trace     unix  -       -       n       -       0       bounce',
  'smtp      unix  -       -       n       -       -       smtp',
  'error     unix  -       -       n       -       -       error',
  'retry     unix  -       -       n       -       -       error',
];

interface Instance {
  readonly dir: string;
  readonly etc: string;
  readonly spool: string;
}

const dirs: string[] = [];
let instance: Instance;

function newInstance(): Instance {
  const dir = mkdtempSync(join(tmpdir(), 'oxdoctor-queue-depth-'));
  dirs.push(dir);
  chmodSync(dir, 0o755); // postfix's daemons (user postfix) walk into the queue directory
  const [etc, spool, data] = ['etc', 'spool', 'data'].map((d) => join(dir, d)) as [string, string, string];
  for (const d of [etc, spool, data]) mkdirSync(d);
  execFileSync('chown', ['postfix:postfix', data]);
  writeFileSync(
    join(etc, 'main.cf'),
    [
      'compatibility_level = 3.6',
      `queue_directory = ${spool}`,
      `data_directory = ${data}`,
      `command_directory = ${POSTFIX_BIN}`,
      'daemon_directory = /usr/lib/postfix/sbin',
      'mail_owner = postfix',
      'setgid_group = postdrop',
      'myhostname = queue-depth.oxdoctor.invalid',
      'mydomain = oxdoctor.invalid',
      'mydestination =',
      'alias_maps =',
      'alias_database =',
      'local_recipient_maps =',
      'inet_interfaces = loopback-only',
      'inet_protocols = ipv4',
      // a relayhost whose name does not resolve: the DNS failure of a next hop (looked up in DNS, the default)
      'relayhost = [relay.oxdoctor.invalid]',
      'smtp_host_lookup = dns',
      'maximal_backoff_time = 3600s',
      'minimal_backoff_time = 3600s',
      `maillog_file = ${dir}/maillog`,
      `maillog_file_prefixes = ${dir}`,
      '',
    ].join('\n'),
  );
  return { dir, etc, spool };
}

function masterCf(inst: Instance, services: readonly string[]): void {
  writeFileSync(join(inst.etc, 'master.cf'), `${services.join('\n')}\n`);
}

const postfix = (inst: Instance, ...args: string[]) =>
  execFileSync(`${POSTFIX_BIN}/postfix`, ['-c', inst.etc, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });

function sendmail(inst: Instance, messages: number): void {
  for (let i = 1; i <= messages; i++)
    execFileSync(`${POSTFIX_BIN}/sendmail`, ['-C', inst.etc, '-f', 'oxdoctor@example.com', '--', `u${i}@example.com`], {
      input: `Subject: queued ${i}\n\nqueue/depth test\n`,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
}

function filesIn(inst: Instance, queue: string): number {
  try {
    return readdirSync(join(inst.spool, queue), { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
      .length;
  } catch {
    return 0;
  }
}

async function waitFor(inst: Instance, queue: string, n: number): Promise<void> {
  for (let i = 0; i < 100 && filesIn(inst, queue) < n; i++) await new Promise((r) => setTimeout(r, 200));
  expect(filesIn(inst, queue), `${queue} of ${inst.dir}`).toBe(n);
}

// The check on the instance: postconf facts as on a host whose postqueue is this machine's, with -c added.
function run(inst: Instance, thresholds: Record<string, RangePair>) {
  const bin = join(inst.dir, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'postqueue'), `#!/bin/sh\nexec ${POSTFIX_BIN}/postqueue -c '${inst.etc}' "$@"\n`, {
    mode: 0o755,
  });
  const params = new Map([
    ['queue_directory', inst.spool],
    ['command_directory', bin],
  ]);
  const version = execFileSync(`${POSTFIX_BIN}/postconf`, ['-c', inst.etc, '-h', 'mail_version'], { encoding: 'utf8' });
  const facts = seed(POSTCONF_FACT, makeFacts('postconf', params, inst.etc, version.trim(), new Map()));
  return depthCheck.run(makeContext({ facts, site: { thresholds } }));
}

beforeAll(() => {
  instance = newInstance();
  masterCf(instance, BASE);
  postfix(instance, 'start');
}, 60_000);

afterAll(() => {
  for (const d of dirs) {
    try {
      execFileSync(`${POSTFIX_BIN}/postfix`, ['-c', join(d, 'etc'), 'stop'], { stdio: 'ignore' });
    } catch {
      // not running
    }
    rmSync(d, { recursive: true, force: true });
  }
});

describe('queue/depth on a running private postfix of this machine', () => {
  it('warns when mail piles up in the maildrop because master.cf runs no pickup', async () => {
    sendmail(instance, 3);
    await waitFor(instance, 'maildrop', 3);
    const outcome = await run(instance, { 'queue.maildrop': { warn: '2', crit: '100' } });
    // catches: pickup not running: mail piles up in the maildrop
    expect(outcome.status).toBe('warn');
    expect(outcome.summary).toMatch(
      /^3 maildrop \(expected at most 2\), not picked up: qmgr\/pickup of testhost are not moving mail \[3 maildrop,/,
    );
    expect(outcome.summary).toMatch(/postqueue -j, postfix 3\.\d+\.\d+\)/);
    expect(outcome.hint).toMatch(/postfix status/);
  });

  it('warns when mail piles up in incoming because master.cf runs no qmgr', async () => {
    masterCf(instance, [...BASE, ...PICKUP]);
    postfix(instance, 'reload');
    await waitFor(instance, 'incoming', 3);
    const outcome = await run(instance, { 'queue.incoming': { warn: '2', crit: '100' } });
    // catches: qmgr not running: mail piles up in incoming
    expect(outcome.status).toBe('warn');
    expect(outcome.summary).toMatch(/^3 incoming \(expected at most 2\), not picked up: qmgr\/pickup of testhost /);
    expect(outcome.summary).toContain('[0 maildrop, 3 incoming, 0 active, 0 deferred, 0 hold');
  });

  it('names the DNS failure when the relayhost does not resolve', async () => {
    masterCf(instance, [...BASE, ...PICKUP, ...DELIVERY]);
    postfix(instance, 'reload');
    await waitFor(instance, 'deferred', 3);
    const outcome = await run(instance, { 'queue.deferred': { warn: '2', crit: '100' } });
    // catches: a next hop whose name does not resolve: the DNS failure named
    expect(outcome.status).toBe('warn');
    expect(outcome.summary).toMatch(
      /^3 deferred \(expected at most 2\), 3 for relay\.oxdoctor\.invalid: name service error \(A\): Host not found/,
    );
    expect(outcome.hint).toMatch(/^DNS cannot resolve relay\.oxdoctor\.invalid: check \/etc\/resolv\.conf/);
  }, 60_000);
});

describe('queue/depth on a queue of this machine no master runs', () => {
  it('is CRIT: postqueue -j says the mail system is down', async () => {
    const idle = newInstance();
    masterCf(idle, BASE);
    // the directories postfix start would create, without starting it
    for (const d of ['maildrop', 'public', 'pid']) mkdirSync(join(idle.spool, d));
    execFileSync('chown', ['postfix:postdrop', join(idle.spool, 'maildrop'), join(idle.spool, 'public')]);
    chmodSync(join(idle.spool, 'maildrop'), 0o730);
    sendmail(idle, 2);
    const outcome = await run(idle, {});
    // catches: postfix master stopped: postqueue says the mail system is down (-p and -j)
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toMatch(/^the postfix master on testhost is not running \("mail system is down/);
    expect(outcome.summary).toMatch(/maildrop 2/);
    expect(outcome.hint).toMatch(/^start postfix on testhost/);
  });
});
