// The benchmarks' private postfix instance (test/bench/queue.ts): its own config, queue and data directory in a
// temp dir, smtpd on a free loopback port only, smtp-sink next hops that greylist, refuse or never greet, and
// a relayhost on a closed port, so mail submitted to it stays deferred. Filled with smtp-source (postfix's own
// load generator). Created and removed by the benchmark; it never touches the lab or the machine's postfix.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort, startProcess, stopProcess, waitForPort, type Started } from '../helpers/daemons/process.js';
import { timeCommand } from './measure.js';

export const RELAY_DOMAINS = [
  'example.net',
  'partner.example.org',
  'customer-a.test',
  'lists.example.com',
  'mail.example.de',
];
export const SPECIAL_DOMAINS = ['greylist.test', 'busy.test', 'full.test'];
export const SLOW_DOMAIN = 'slow.test';

export interface Instance {
  readonly dir: string;
  readonly etc: string;
  readonly spool: string;
  readonly smtpdPort: number;
  readonly sinks: Started[];
}

const MASTER_CF = `# service type  private unpriv  chroot  wakeup  maxproc command + args
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
# a next hop that accepts the connection and never greets: its mail stays in the active queue
slow      unix  -       -       n       -       2       smtp
  -o smtp_helo_timeout=3600s
  -o syslog_name=postfix/slow
`;

export async function startInstance(base: string): Promise<Instance> {
  const dir = mkdtempSync(join(base, 'oxdoctor-bench-queue-'));
  chmodSync(dir, 0o755); // postfix's daemons (user postfix) walk into the queue directory
  const etc = join(dir, 'etc');
  const spool = join(dir, 'spool');
  const data = join(dir, 'data');
  for (const d of [etc, spool, data]) mkdirSync(d);
  execFileSync('chown', ['postfix:postfix', data]);
  const [smtpdPort, closed, grey, busy, slow] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const sinks: Started[] = [];
  const inst: Instance = { dir, etc, spool, smtpdPort, sinks };
  try {
    // smtp-sink as the remote servers: greylisting, a 421 at connect, and one that never greets.
    const sink = (port: number, args: string[]) =>
      sinks.push(
        startProcess('/usr/sbin/smtp-sink', ['-u', 'nobody', '-4', ...args, `127.0.0.1:${port}`, '64'], { dir }),
      );
    sink(grey, [
      '-h',
      'mx.greylist.test',
      '-r',
      'RCPT',
      '-b',
      '450 4.7.1 Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/greylist.test.html',
    ]);
    sink(busy, ['-h', 'mx.busy.test', '-Q', 'CONNECT']);
    sink(slow, ['-h', 'mx.slow.test', '-W', 'connect:3600']);
    await Promise.all([grey, busy, slow].map((p, i) => waitForPort(p, sinks[i]!, 10_000)));
    writeFileSync(
      join(etc, 'transport'),
      [
        `greylist.test smtp:[127.0.0.1]:${grey}`,
        `busy.test smtp:[127.0.0.1]:${busy}`,
        `${SLOW_DOMAIN} slow:[127.0.0.1]:${slow}`,
        'full.test retry:4.2.2 Mailbox full: user quota exceeded',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(etc, 'main.cf'),
      [
        '# oxdoctor queue benchmark: a throwaway private instance',
        'compatibility_level = 3.6',
        `queue_directory = ${spool}`,
        `data_directory = ${data}`,
        'command_directory = /usr/sbin',
        'daemon_directory = /usr/lib/postfix/sbin',
        'mail_owner = postfix',
        'setgid_group = postdrop',
        'myhostname = relay-bench.oxdoctor.invalid',
        'mydomain = oxdoctor.invalid',
        'mydestination =',
        'local_recipient_maps =',
        'alias_maps =',
        'alias_database =',
        'inet_interfaces = 127.0.0.1',
        'inet_protocols = ipv4',
        'mynetworks = 127.0.0.0/8',
        `maillog_file = ${dir}/maillog`,
        `maillog_file_prefixes = ${dir}`,
        `relayhost = [127.0.0.1]:${closed}`,
        `transport_maps = texthash:${etc}/transport`,
        // every message gets its first delivery attempt, then stays put while the benchmark reads the queue
        'queue_run_delay = 3600s',
        'minimal_backoff_time = 3600s',
        'maximal_backoff_time = 7200s',
        'smtp_connect_timeout = 5s',
        'smtputf8_enable = no',
        'biff = no',
        'readme_directory = no',
        '',
      ].join('\n'),
    );
    writeFileSync(join(etc, 'master.cf'), `${MASTER_CF}127.0.0.1:${smtpdPort} inet n - n - - smtpd\n`);
    await postfix(inst, ['start']);
    if (!(await listening(smtpdPort, 20_000)))
      throw new Error(`the instance's smtpd does not listen on 127.0.0.1:${smtpdPort}: ${maillogTail(inst)}`);
    return inst;
  } catch (err) {
    await stopInstance(inst);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

export async function postfix(inst: Instance, args: string[]): Promise<string> {
  const r = await timeCommand(['/usr/sbin/postfix', '-c', inst.etc, ...args]);
  if (r.code !== 0)
    throw new Error(`postfix ${args.join(' ')} exited ${r.code}: ${r.stderr.trim()} ${maillogTail(inst)}`);
  return r.stdout;
}

export function maillogTail(inst: Instance): string {
  try {
    return readFileSync(join(inst.dir, 'maillog'), 'utf8').split('\n').slice(-6).join('\n');
  } catch {
    return '';
  }
}

async function listening(port: number, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const up = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (up) return true;
    await sleep(100);
  }
  return false;
}

function masterPid(inst: Instance): number | undefined {
  try {
    const pid = Number(readFileSync(join(inst.spool, 'pid', 'master.pid'), 'utf8').trim());
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function stopInstance(inst: Instance): Promise<void> {
  const pid = masterPid(inst);
  if (pid !== undefined && alive(pid)) {
    await timeCommand(['/usr/sbin/postfix', '-c', inst.etc, 'stop']).catch(() => undefined);
    for (let i = 0; i < 50 && alive(pid); i++) await sleep(100);
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
  await Promise.all(inst.sinks.map((s) => stopProcess(s.child, 2_000)));
}

// Synchronous last resort for ^C: stop this instance's master and sinks by pid, remove the directory.
export function stopInstanceSync(inst: Instance, keep: boolean): void {
  const pid = masterPid(inst);
  if (pid !== undefined && alive(pid)) {
    try {
      execFileSync('/usr/sbin/postfix', ['-c', inst.etc, 'stop'], { stdio: 'ignore', timeout: 10_000 });
    } catch {
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  }
  for (const s of inst.sinks) if (s.child.exitCode === null) s.child.kill('SIGKILL');
  if (!keep) rmSync(inst.dir, { recursive: true, force: true });
}

export type DirCounts = Record<'maildrop' | 'incoming' | 'active' | 'deferred' | 'hold', number>;

export function queueFiles(inst: Instance): DirCounts {
  const count = (q: string): number => {
    try {
      return readdirSync(join(inst.spool, q), { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
        .length;
    } catch {
      return 0;
    }
  };
  return {
    maildrop: count('maildrop'),
    incoming: count('incoming'),
    active: count('active'),
    deferred: count('deferred'),
    hold: count('hold'),
  };
}

// Until the queue has stopped moving: three polls alike with nothing in maildrop/incoming, or ten alike (a
// message whose delivery never ends stays in incoming after a qmgr restart: "skipped, still being delivered").
export async function settle(inst: Instance, timeoutMs: number): Promise<{ counts: DirCounts; settled: boolean }> {
  const until = Date.now() + timeoutMs;
  let last = '';
  let same = 0;
  for (;;) {
    const c = queueFiles(inst);
    const key = JSON.stringify(c);
    same = key === last ? same + 1 : 0;
    last = key;
    if ((same >= 2 && c.maildrop + c.incoming === 0) || same >= 9) return { counts: c, settled: true };
    if (Date.now() > until) return { counts: c, settled: false };
    await sleep(1000);
  }
}

// Filling the real queue with smtp-source through the instance's smtpd.
const FILL_TARGETS: { to: string; r: number }[] = [
  { to: 'u@c{k}.example.net', r: 1 },
  { to: 'sales@greylist.test', r: 1 },
  { to: 'u@lists{k}.example.com', r: 3 },
  { to: 'u@partner{k}.example.org', r: 2 }, // not full.test: smtpd already refuses RCPT for a retry: transport
  { to: 'u@d{k}.example.org', r: 1 },
  { to: 'ops@busy.test', r: 1 },
  { to: 'u@c{k}.example.net', r: 2 },
  { to: 'u@e{k}.example.de', r: 1 },
];

let fillRun = 0;
export const fillErrors: string[] = [];
export async function fillChunk(inst: Instance, messages: number): Promise<number> {
  const parallel = 4;
  const per = Math.ceil(messages / parallel);
  let failed = 0;
  await Promise.all(
    Array.from({ length: parallel }, async (_, p) => {
      const m = Math.min(per, messages - p * per);
      if (m <= 0) return;
      const run = fillRun++;
      const target = FILL_TARGETS[run % FILL_TARGETS.length]!;
      const r = await timeCommand([
        '/usr/sbin/smtp-source',
        '-4',
        '-s',
        '2',
        '-m',
        String(m),
        '-r',
        String(target.r),
        '-N',
        '-l',
        String([400, 1500, 6000, 20000][run % 4]),
        '-S',
        `queue benchmark ${run}`,
        '-f',
        `${['alice', 'newsletter', 'billing'][run % 3]}@example.com`,
        '-M',
        'client.example.com',
        '-t',
        target.to.replace('{k}', String(run % 200)),
        `127.0.0.1:${inst.smtpdPort}`,
      ]);
      if (r.code !== 0) {
        failed += m; // counted as lost, though part of the run may have been queued (the queue files are the truth)
        fillErrors.push(`exit ${r.code}: ${(r.stderr.trim().split('\n').pop() ?? '').slice(0, 160)}`);
      }
    }),
  );
  return messages - failed;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export interface Filled {
  readonly accepted: number;
  readonly size: number; // active + deferred + hold queue files once settled
  readonly counts: DirCounts;
  readonly settled: boolean;
}

// Fills the queue up to `target` messages or until the next chunk would overrun budgetS, then waits for it to
// settle; prints the rates.
export async function fillQueue(
  inst: Instance,
  target: number,
  budgetS: number,
  out: (s: string) => boolean,
): Promise<Filled> {
  const before = queueFiles(inst);
  const already = before.active + before.deferred + before.hold;
  const started = performance.now();
  let accepted = 0;
  let chunk = Math.min(1000, target);
  let probeRate = 0;
  while (accepted < target) {
    const n = Math.min(chunk, target - accepted);
    const got = await fillChunk(inst, n);
    accepted += got;
    if (got === 0) {
      out(`smtp-source: a whole chunk failed, stopping the fill (${fillErrors.at(-1) ?? ''})`);
      break;
    }
    const elapsedS = (performance.now() - started) / 1000;
    const rate = accepted / elapsedS;
    if (probeRate === 0) {
      probeRate = rate;
      const reach = Math.min(target, Math.floor(rate * budgetS));
      out(
        `smtp-source: first ${accepted} messages in ${elapsedS.toFixed(1)} s = ${rate.toFixed(0)} msg/s accepted by smtpd; target ${target}, budget ${budgetS} s: expect about ${reach}`,
      );
      chunk = 2000;
    }
    if (accepted < target && elapsedS + Math.min(chunk, target - accepted) / rate > budgetS) {
      out(
        `smtp-source: stopping at ${accepted} of ${target}: the next chunk would overrun the ${budgetS} s budget (BENCH_QUEUE_BUDGET_S)`,
      );
      break;
    }
  }
  const injectS = (performance.now() - started) / 1000;
  const settled = await settle(inst, 600_000);
  const settleS = (performance.now() - started) / 1000;
  if (fillErrors.length > 0)
    out(
      `smtp-source: ${fillErrors.length} runs failed (their messages are not counted as accepted), e.g. ${fillErrors[0]}`,
    );
  const c = settled.counts;
  const size = c.active + c.deferred + c.hold;
  out(
    `real queue: ${accepted} accepted in ${injectS.toFixed(1)} s (${(accepted / injectS).toFixed(0)} msg/s), ${settled.settled ? 'settled' : 'NOT settled'} after ${settleS.toFixed(1)} s (${((size - already) / settleS).toFixed(0)} msg/s end to end); ` +
      `queue files: ${c.deferred} deferred, ${c.active} active, ${c.hold} hold, ${c.incoming + c.maildrop} incoming/maildrop = ${size} messages`,
  );
  return { accepted, size, counts: c, settled: settled.settled };
}
