// Issue 15's bar, side by side in one run on the private instance's real queue (test/bench/queue.ts fills it):
// `postqueue -j` alone and `postqueue -p` alone (stdout to /dev/null), `qshape deferred`, and oxdoctor's
// queue/depth (the real check: postconf, the queue directory count, the listing streamed through the parser)
// over the local transport and over SSH (a private sshd on 127.0.0.1 whose sessions get MAIL_CONFIG, so the
// host's postconf and postqueue are the instance's), for -j and for -p (postfix 2.3's listing: the check
// is told the host runs 2.3.3). Also the listing alone streamed through each transport as postqueue writes
// it (one write per message, as before issue 15) and coalesced by queue-command.ts, with the reads it took.
// Bars (on 100,000 messages or more; figures only below): queue/depth <= 1.1x postqueue's own time for the same
// format (the median ratio of each check run to a run of postqueue alone just before it), and <= 0.5x qshape (best
// against best of BENCH_SIDE_RUNS (3) interleaved rounds); every run lists every message.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { depthCheck } from '../../checks/queue/depth/index.js';
import type { SiteConfig } from '../../src/config/types.js';
import type { HostSpec, SshTarget } from '../../src/core/host.js';
import { postconf, makeFacts, POSTCONF_FACT } from '../../src/facts/postconf.js';
import { queueFacts } from '../../src/facts/queue.js';
import { queueListingArgv } from '../../src/postfix/queue-command.js';
import { readQueueListing } from '../../src/postfix/queue-read.js';
import { makeContext } from '../../src/runner/context.js';
import { FactsMemo } from '../../src/runner/facts-memo.js';
import { LocalTransport } from '../../src/transport/local.js';
import { SshTransport } from '../../src/transport/ssh/transport.js';
import type { Transport } from '../../src/transport/types.js';
import { startSshd } from '../helpers/sshd.js';
import type { Instance } from './queue-instance.js';
import { median, timeCommand } from './measure.js';

const self = fileURLToPath(import.meta.url);
const OLD_POSTFIX = '2.3.3'; // RHEL5's: postqueue -p only
const FULL_SIZE = 100_000;

type Format = 'json' | 'text';
type Mode = 'check' | 'raw' | 'coalesced';

interface ChildArgs {
  readonly transport: 'local' | 'ssh';
  readonly target?: SshTarget;
  readonly format: Format;
  readonly mode: Mode;
}

interface ChildReport {
  readonly ms: number; // the check (or the streamed listing) alone, after the connection is up
  readonly connectMs: number;
  readonly messages: number;
  readonly deferredRecipients: number;
  readonly reads: number; // chunks the reader got (raw and coalesced modes)
  readonly cpuMs: number; // this node process's CPU during the run (user + system)
  readonly startCpuMs: number; // its CPU before the run (node's start, imports, the connection)
  readonly status: string;
  readonly summary: string;
}

// ---------------------------------------------------------------------------------------------------------
// Child: one run in a fresh node process, reported as one JSON line.
// ---------------------------------------------------------------------------------------------------------
async function child(args: ChildArgs): Promise<void> {
  const host: HostSpec = {
    name: 'bench',
    roles: ['relay'],
    transport: args.target ? { kind: 'ssh', ssh: args.target } : { kind: 'local' },
  };
  const transport: Transport = args.target ? new SshTransport('bench', args.target) : new LocalTransport('bench');
  const t0 = performance.now();
  await transport.ensureConnected();
  const connectMs = performance.now() - t0;
  const site: SiteConfig = {
    source: 'bench',
    site: 'bench',
    defaults: { timeoutMs: 120_000, concurrency: 8, perHostConcurrency: 4, refreshSeconds: 30 },
    hosts: [host],
    endpoints: {},
    thresholds: {},
  };
  const contextWith = (facts: FactsMemo) =>
    makeContext({
      host,
      transport,
      site,
      facts,
      signal: AbortSignal.timeout(120_000),
      deadline: Date.now() + 120_000,
      now: Date.now,
    });
  let ctx = contextWith(new FactsMemo());
  try {
    const started = performance.now();
    const cpu0 = process.cpuUsage();
    const startCpuMs = (cpu0.user + cpu0.system) / 1000;
    const cpuMs = (): number => {
      const c = process.cpuUsage(cpu0);
      return (c.user + c.system) / 1000;
    };
    if (args.mode !== 'check') {
      const pc = await postconf(ctx);
      const { listing, argv } = queueListingArgv(pc.get('command_directory') || '/usr/sbin', args.format);
      const stream = await transport.execStream(args.mode === 'raw' ? listing : argv, { timeoutMs: 120_000 });
      let reads = 0;
      const counted = async function* (): AsyncGenerator<Buffer | string> {
        for await (const chunk of stream.stdout) {
          reads++;
          yield chunk as Buffer;
        }
      };
      const [read] = await Promise.all([
        readQueueListing(counted(), args.format, { nowSeconds: Math.floor(Date.now() / 1000) }),
        stream.done,
      ]);
      const s = read.summary;
      report({
        ms: performance.now() - started,
        connectMs,
        messages: s.messages,
        deferredRecipients: s.qshapeOf(['deferred']).total[0]!,
        reads,
        cpuMs: cpuMs(),
        startCpuMs,
        status: '',
        summary: '',
      });
      return;
    }
    if (args.format === 'text') {
      // the host as RHEL5's postfix 2.3 would be: the same postconf answers, an older mail_version
      const pc = await postconf(ctx);
      const old = makeFacts(pc.source, pc.params, pc.configDirectory, OLD_POSTFIX, pc.effective);
      const facts = new FactsMemo();
      void facts.get(POSTCONF_FACT.name, () => Promise.resolve(old));
      ctx = contextWith(facts);
    }
    const outcome = await depthCheck.run(ctx);
    const ms = performance.now() - started;
    const q = await queueFacts(ctx);
    const s = q.listing?.summary;
    report({
      ms,
      connectMs,
      messages: s?.messages ?? -1,
      deferredRecipients: s ? s.qshapeOf(['deferred']).total[0]! : -1,
      reads: 0,
      cpuMs: cpuMs(),
      startCpuMs,
      status: outcome.status,
      summary: `${outcome.summary.slice(0, 300)}${q.failure ? ` [failure: ${q.failure}]` : ''}`,
    });
  } finally {
    await transport.close();
  }
}

function report(r: ChildReport): void {
  process.stdout.write(JSON.stringify(r) + '\n');
}

async function runChild(args: ChildArgs, env: NodeJS.ProcessEnv): Promise<ChildReport> {
  const run = await timeCommand([process.execPath, self, '--child', JSON.stringify(args)], env);
  if (run.code !== 0) throw new Error(`queue/depth child exited ${run.code}: ${run.stderr.trim().slice(-1000)}`);
  return JSON.parse(run.stdout) as ChildReport;
}

// ---------------------------------------------------------------------------------------------------------
// Parent: everything side by side, the same number of rounds each, interleaved.
// ---------------------------------------------------------------------------------------------------------
async function alone(argv: readonly string[]): Promise<number> {
  const fd = openSync('/dev/null', 'w');
  try {
    const started = performance.now();
    const code = await new Promise<number | null>((resolve, reject) => {
      const p = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', fd, 'ignore'] });
      p.on('error', reject);
      p.on('close', resolve);
    });
    if (code !== 0) throw new Error(`${argv.join(' ')} exited ${code}`);
    return performance.now() - started;
  } finally {
    closeSync(fd);
  }
}

// CPU ms of the processes a run involves, ended or running: this process's reaped children (postqueue, qshape,
// the node child with what it reaped: sh, postqueue, dd, postconf) and the trees under postfix's master (showq)
// and the sshd (sessions, the remote helper), their own time plus that of the children they reaped. Unlike wall
// time, other work on the machine does not change it.
function involvedCpuMs(roots: readonly number[]): number {
  const procs = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const raw = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const f = raw.slice(raw.lastIndexOf(')') + 2).split(' '); // from field 3 (state) on
      const [utime, stime, cutime, cstime] = [f[11], f[12], f[13], f[14]].map(Number);
      procs.set(Number(entry), { ppid: Number(f[1]), ticks: utime! + stime! + cutime! + cstime! });
    } catch {
      // ended meanwhile
    }
  }
  const inTree = new Set(roots.filter((r) => procs.has(r)));
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, p] of procs)
      if (!inTree.has(pid) && inTree.has(p.ppid)) {
        inTree.add(pid);
        grew = true;
      }
  }
  let ticks = 0;
  for (const pid of inTree) ticks += procs.get(pid)!.ticks;
  const self = readFileSync('/proc/self/stat', 'utf8');
  const f = self.slice(self.lastIndexOf(')') + 2).split(' ');
  ticks += Number(f[13]) + Number(f[14]);
  return ticks * 10; // USER_HZ 100
}

function pidIn(file: string): number {
  try {
    return Number(readFileSync(file, 'utf8').trim()) || 0;
  } catch {
    return 0;
  }
}

export async function sideBySide(inst: Instance, size: number, out: (s: string) => boolean): Promise<boolean> {
  const runs = Number(process.env.BENCH_SIDE_RUNS ?? 3);
  const sshd = await startSshd({ extraConfig: [`SetEnv MAIL_CONFIG=${inst.etc}`] });
  try {
    const knownHosts = join(sshd.dir, 'known_hosts');
    writeFileSync(knownHosts, sshd.knownHostsLine + '\n');
    const target: SshTarget = {
      hostname: sshd.host,
      port: sshd.port,
      user: sshd.user,
      identityFiles: [sshd.clientKeyPath],
      identitiesOnly: true,
      knownHostsFiles: [knownHosts],
      connectTimeoutMs: 10_000,
      keepaliveIntervalMs: 15_000,
      maxChannels: 8,
    };
    const env = { ...process.env, MAIL_CONFIG: inst.etc };
    const pq = (flag: string) => ['/usr/sbin/postqueue', '-c', inst.etc, flag];
    const qshape = ['/usr/sbin/qshape', '-c', inst.etc, 'deferred'];
    const roots = [pidIn(join(inst.spool, 'pid', 'master.pid')), pidIn(join(sshd.dir, 'sshd.pid'))];
    const cpuUsed: Record<string, number[]> = {};
    // the CPU a step costs the machine; a node child's own start (node, imports, connecting) is left out
    const metered = async <T>(name: string, step: () => Promise<T>, startOf: (r: T) => number = () => 0) => {
      const before = involvedCpuMs(roots);
      const r = await step();
      (cpuUsed[name] ??= []).push(involvedCpuMs(roots) - before - startOf(r));
      return r;
    };
    const times: Record<string, number[]> = {};
    const reports: Record<string, ChildReport[]> = {};
    const add = (name: string, ms: number) => (times[name] ??= []).push(ms);
    const ox = async (name: string, a: ChildArgs): Promise<void> => {
      const r = await metered(
        name,
        () => runChild(a, env),
        (c) => c.startCpuMs,
      );
      (reports[name] ??= []).push(r);
      add(name, r.ms);
    };
    const transports = [
      ['local', undefined],
      ['ssh', target],
    ] as const;
    const totals: number[] = [];
    const qshapeRun = async (): Promise<number> => {
      const r = await timeCommand(qshape);
      if (r.code !== 0) throw new Error(`qshape exited ${r.code}: ${r.stderr.trim()}`);
      totals.push(Number(/^\s*TOTAL\s+(\d+)/m.exec(r.stdout)?.[1] ?? NaN));
      return r.ms;
    };
    await qshapeRun(); // page cache warm for every contender
    await alone(pq('-j'));
    // each check run right after a run of postqueue alone: the ratio of the pair is what the load of the
    // moment (other work on this machine) disturbs least
    const ratios: Record<string, number[]> = {};
    for (let i = 0; i < runs; i++) {
      add('qshape', await metered('qshape', qshapeRun));
      for (const [t, tg] of transports) {
        const base = { transport: t, ...(tg ? { target: tg } : {}) } as const;
        for (const format of ['json', 'text'] as const) {
          const own = await metered(`pq ${format === 'json' ? '-j' : '-p'}`, () =>
            alone(pq(format === 'json' ? '-j' : '-p')),
          );
          add(`pq ${format === 'json' ? '-j' : '-p'}`, own);
          await ox(`${t} ${format} check`, { ...base, format, mode: 'check' });
          (ratios[`${t} ${format}`] ??= []).push(times[`${t} ${format} check`]!.at(-1)! / own);
          await ox(`${t} ${format} raw`, { ...base, format, mode: 'raw' });
          await ox(`${t} ${format} coalesced`, { ...base, format, mode: 'coalesced' });
        }
      }
    }
    const qshapeTotal = totals[0]!;
    const best = (name: string): number => Math.min(...times[name]!);
    const cpuOf = (name: string): number => median(cpuUsed[name]!);
    const fig = (name: string): string =>
      `${best(name).toFixed(0).padStart(6)} ms (median ${median(times[name]!).toFixed(0)}; CPU ${cpuOf(name).toFixed(0)} ms)`;
    out(
      `side by side on the real queue of ${size} messages, best of ${runs} interleaved rounds (load average now ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}):`,
    );
    out(`  postqueue -j alone (> /dev/null):                        ${fig('pq -j')}`);
    out(`  postqueue -p alone (> /dev/null):                        ${fig('pq -p')}`);
    out(
      `  qshape -c DIR deferred:                                  ${fig('qshape')}  TOTAL ${qshapeTotal}` +
        `${totals.every((t) => t === qshapeTotal) ? '' : ` (changed between runs: ${totals.join(', ')})`}`,
    );
    out(
      `  (postqueue -j alone is ${(best('pq -j') / best('qshape')).toFixed(2)}x qshape here: no reader of its listing can beat that)`,
    );
    const cpu = (rs: readonly ChildReport[]): string => `${median(rs.map((r) => r.cpuMs)).toFixed(0)} ms`;
    const results: boolean[] = [];
    for (const [t] of transports) {
      for (const format of ['json', 'text'] as const) {
        const flag = format === 'json' ? '-j' : '-p';
        const check = reports[`${t} ${format} check`]!;
        const c0 = check[0]!;
        const reads = (m: Mode) => reports[`${t} ${format} ${m}`]![0]!.reads;
        out(
          `  queue/depth over ${t} (${flag}${format === 'text' ? `, told postfix ${OLD_POSTFIX}` : ''}):`.padEnd(58) +
            `${fig(`${t} ${format} check`)}  ${c0.status.toUpperCase()}; node CPU ${cpu(check)}; ${c0.messages} messages, ${c0.deferredRecipients} deferred recipients` +
            (t === 'ssh' ? `; connect ${median(check.map((r) => r.connectMs)).toFixed(0)} ms before it` : ''),
        );
        out(
          `    the listing alone over ${t} as postqueue writes it:`.padEnd(58) +
            `${fig(`${t} ${format} raw`)}  in ${reads('raw')} reads, node CPU ${cpu(reports[`${t} ${format} raw`]!)}`,
        );
        out(
          `    the listing alone over ${t}, coalesced (dd obs=64K):`.padEnd(58) +
            `${fig(`${t} ${format} coalesced`)}  in ${reads('coalesced')} reads, node CPU ${cpu(reports[`${t} ${format} coalesced`]!)}`,
        );
        out(
          `    CPU of queue/depth (the processes it involves, median) ${(cpuOf(`${t} ${format} check`) / cpuOf(`pq ${flag}`)).toFixed(2)}x that of postqueue ${flag} alone (showq's included): on idle cores the reader runs beside postqueue, on busy ones this ratio is what the wall time tends to`,
        );
        const ms = best(`${t} ${format} check`);
        const own = best(`pq ${flag}`);
        const paired = median(ratios[`${t} ${format}`]!);
        const qs = best('qshape');
        const right = check.every(
          (r) =>
            r.messages === size &&
            (format === 'text' || r.deferredRecipients === qshapeTotal) &&
            !r.summary.includes('[failure:'),
        );
        const pass1 = paired <= 1.1;
        const pass2 = ms <= qs * 0.5;
        // the bars are issue 15's, for a backlog: below 100,000 messages fixed costs (processes, postconf) weigh in
        const mark = (pass: boolean): string => (size < FULL_SIZE ? 'INFO' : pass ? 'PASS' : 'FAIL');
        out(
          `${mark(pass1)}  queue/depth over ${t} with postqueue ${flag}: ${paired.toFixed(2)}x postqueue ${flag} alone run just before it (median of ${runs} pairs; bar 1.1x); best against best ${(ms / own).toFixed(2)}x`,
        );
        out(`${mark(pass2)}  queue/depth over ${t} with postqueue ${flag}: ${(ms / qs).toFixed(2)}x qshape (bar 0.5x)`);
        out(
          `${right ? 'PASS' : 'FAIL'}  queue/depth over ${t} with postqueue ${flag} listed all ${size} messages${format === 'json' ? ` and qshape's ${qshapeTotal} deferred recipients` : ''} (${c0.summary.slice(0, 160)})`,
        );
        results.push(right, ...(size < FULL_SIZE ? [] : [pass1, pass2]));
      }
    }
    return results.every(Boolean);
  } finally {
    await sshd.stop();
  }
}

// Only when run as this file: queue.ts, which imports it, has a --child mode of its own.
if (process.argv[1] === self && process.argv[2] === '--child') await child(JSON.parse(process.argv[3]!) as ChildArgs);
