// Issue 15's latency lab: the full sweep at 0 and at 50 ms round trip to each host's sshd, the slope (extra seconds
// per ms of round trip = round trips on the sweep's critical path), beside the expert monitoring-plugins set
// (data/plugin-set.json, every check_by_ssh at once as Nagios runs them) at the same latency in the same run;
// the CPU each sweep makes every lab host spend (host-cpu.ts), and the cost of a dashboard refreshing every minute.
// Settings, in this order: "direct" (port 22, no delay), "proxy 0 ms" (lib/latency.sh's delay proxy at 0 ms, when
// netem is missing: the proxy's own cost), "50 ms RTT" (`lab.sh latency 25`) and "150 ms RTT" (`latency 75`): on a
// busy machine the 0 ms sweep is bound by CPU, not round trips, so 50 -> 150 ms gives the marginal slope, the round
// trips on the critical path once latency dominates. The delay is removed at exit, whatever happens.
// Run (holds the lab lock throughout; about 3 minutes):
//   npm run build && flock /tmp/oxdoctor-lab.lock npm run bench:latency
//   BENCH_ROUNDS=N sweeps and plugin-set runs per setting (default 3)
//   BENCH_RTT=0 skips the per-check round-trip count (each check alone on an open connection at 0 and 150 ms)
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/index.js';
import { TransportPool, type Transport } from '../../src/transport/index.js';
import { Runner } from '../../src/runner/runner.js';
import { plan, type PlanItem } from '../../src/runner/plan.js';
import { Durations } from '../../src/runner/durations.js';
import { selectChecks } from '../../checks/index.js';
import type { SiteConfig } from '../../src/config/types.js';
import type { HostSpec } from '../../src/core/host.js';
import { loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { median, verdict } from './measure.js';
import { diffCpu, hostCpuMs, hostNamespaces } from './host-cpu.js';
import { loadPluginSet, pluginCommands, runPluginSet, type PluginTarget } from './plugin-set.js';
import { traced, waves, type Call } from './transport-trace.js';

const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const RTT = 50; // the issue's figure; and a larger one for the marginal slope
const RTT_HI = 150;
const SLOPE_BAR = 10; // round trips on the critical path
const FLOOR_BAR = 1.15;
const LAB_STATE = process.env.OXDOCTOR_LAB_STATE ?? '/var/tmp/oxdoctor-lab';
const LAB_HOSTS = ['relay', 'servera', 'servera2', 'serverb', 'ad', 'exchange'];
const AD_ADDRESS = '127.0.10.10';
const LAB_SH = fileURLToPath(new URL('../../../test/lab/lab.sh', import.meta.url));
const CONFIG = process.env.BENCH_CONFIG ?? fileURLToPath(new URL('../../../test/lab/oxdoctor.yaml', import.meta.url));
const out = (line = ''): void => void process.stdout.write(line + '\n');

function lab(...args: string[]): string {
  const r = spawnSync('bash', [LAB_SH, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`lab.sh ${args.join(' ')}: ${r.stderr.trim()}`);
  return r.stdout + r.stderr;
}
// The delay never outlives the bench.
process.on('exit', () => void spawnSync('bash', [LAB_SH, 'latency', '0'], { stdio: 'ignore' }));
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => process.exit(130));

function latencyPort(): number {
  const status = lab('latency', 'status');
  return Number(/LAB_LATENCY_PORT=(\d+)/.exec(status)?.[1] ?? 22);
}

const site = await loadConfig({ explicitPath: CONFIG });
const items = plan(selectChecks([]), site.hosts);
// The plan carries each item's host spec, and the runner connects with it: plan again for a site on another port.
const itemsOf = (s: SiteConfig): PlanItem[] => (s === site ? items : plan(selectChecks([]), s.hosts));
const namespaces = hostNamespaces(LAB_STATE, LAB_HOSTS);
const cores = cpus().length;
const slots = site.defaults.perHostConcurrency;

// The same site with every SSH host reached on another port (the delay proxy's); known_hosts still by address.
function onPort(port: number): SiteConfig {
  return {
    ...site,
    hosts: site.hosts.map((h): HostSpec => {
      if (h.transport.kind !== 'ssh') return h;
      const ssh = h.transport.ssh;
      return {
        ...h,
        transport: { kind: 'ssh', ssh: { ...ssh, port, hostKeyAlias: ssh.hostKeyAlias ?? ssh.hostname } },
      };
    }),
  };
}

function pluginTargets(s: SiteConfig): Map<string, PluginTarget> {
  const targets = new Map<string, PluginTarget>();
  for (const h of s.hosts) {
    if (h.transport.kind !== 'ssh') continue;
    const ssh = h.transport.ssh;
    targets.set(h.name, {
      address: ssh.hostname,
      port: ssh.port,
      user: ssh.user,
      identityFile: ssh.identityFiles[0]!,
      knownHosts: ssh.knownHostsFiles[0]!,
    });
  }
  return targets;
}

interface Sample {
  readonly wall: number;
  readonly hostCpu: Map<string, number>; // ms, less each host's idle background over the same wall time
  readonly clientCpu: number; // CPU ms of this process and its reaped children (oxdoctor, or every check_by_ssh)
  readonly notOk: readonly string[];
}

async function idleRates(ms = 4000): Promise<Map<string, number>> {
  const h0 = hostCpuMs(namespaces);
  const started = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const wall = performance.now() - started;
  return new Map([...diffCpu(h0, hostCpuMs(namespaces))].map(([h, v]) => [h, v / wall]));
}

// utime + stime + cutime + cstime of this process, ms.
function selfCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * 10;
}

async function sample(run: () => Promise<readonly string[]>): Promise<Sample> {
  const h0 = hostCpuMs(namespaces);
  const c0 = selfCpuMs();
  const started = performance.now();
  const notOk = await run();
  const wall = performance.now() - started;
  await new Promise((r) => setTimeout(r, 150)); // sshd reaps the sessions that just closed
  const spent = diffCpu(h0, hostCpuMs(namespaces));
  const span = performance.now() - started;
  const hostCpu = new Map([...spent].map(([h, v]) => [h, Math.max(0, v - idle.get(h)! * span)]));
  return { wall, hostCpu, clientCpu: selfCpuMs() - c0, notOk };
}

async function sweepOnce(s: SiteConfig, durations: Durations, timing?: { wall: number }): Promise<readonly string[]> {
  const pool = new TransportPool();
  try {
    const started = performance.now();
    const report = await new Runner({ site: s, transportFor: (h) => pool.get(h), durations }).sweep(itemsOf(s));
    if (timing) timing.wall = performance.now() - started;
    return report.results.filter((r) => r.status !== 'ok').map((r) => `${r.check}@${r.host} ${r.status}`);
  } finally {
    await pool.closeAll();
  }
}

interface Setting {
  readonly name: string;
  readonly sweep: Sample[];
  readonly plugins: Sample[];
}

async function measureSetting(name: string, s: SiteConfig): Promise<Setting> {
  const durations = new Durations();
  await sweepOnce(s, durations); // a dashboard's later sweeps: slowest checks first, from this one's durations
  const commands = pluginCommands(loadPluginSet(), pluginTargets(s), AD_ADDRESS);
  const setting: Setting = { name, sweep: [], plugins: [] };
  for (let i = 0; i < ROUNDS; i++) {
    const timing = { wall: 0 };
    const sw = await sample(() => sweepOnce(s, durations, timing));
    setting.sweep.push({ ...sw, wall: timing.wall }); // the sweep itself, without closing the connections
    setting.plugins.push(await sample(async () => (await runPluginSet(commands)).notOk));
  }
  const sw = median(setting.sweep.map((x) => x.wall));
  const pl = median(setting.plugins.map((x) => x.wall));
  out(
    `${name.padEnd(12)} oxdoctor sweep (${items.length} check@host) median ${sw.toFixed(0)} ms ` +
      `[${setting.sweep.map((x) => x.wall.toFixed(0)).join(' ')}]; plugin set (${commands.length} check_by_ssh) ` +
      `median ${pl.toFixed(0)} ms [${setting.plugins.map((x) => x.wall.toFixed(0)).join(' ')}]`,
  );
  const notOk = [...new Set([...setting.sweep, ...setting.plugins].flatMap((x) => x.notOk))];
  if (notOk.length) out(`  not OK in this setting: ${notOk.slice(0, 12).join('; ')}`);
  return setting;
}

// Per check@host alone on an open connection: its duration, its remote calls and how many of them ran in sequence.
async function aloneOnOpen(
  s: SiteConfig,
  passes: number,
): Promise<Map<string, { ms: number; calls: number; waves: number }>> {
  const pool = new TransportPool();
  const byKey = new Map<string, { ms: number; calls: number; waves: number }>();
  try {
    await Promise.all(s.hosts.map((h) => pool.get(h).ensureConnected()));
    for (let pass = 0; pass < passes; pass++) {
      for (const item of itemsOf(s)) {
        const calls: Call[] = [];
        const transportFor = (h: HostSpec): Transport => traced(pool.get(h), calls);
        const report = await new Runner({ site: s, transportFor }).sweep([item]);
        const ms = report.results[0]!.durationMs;
        const prev = byKey.get(item.key);
        if (!prev || ms < prev.ms) byKey.set(item.key, { ms, calls: calls.length, waves: waves(calls) });
      }
    }
  } finally {
    await pool.closeAll();
  }
  return byKey;
}

async function connectMs(s: SiteConfig): Promise<Map<string, number>> {
  const pool = new TransportPool();
  try {
    const times = await Promise.all(
      s.hosts.map(async (h) => {
        const started = performance.now();
        await pool.get(h).ensureConnected();
        return [h.name, performance.now() - started] as const;
      }),
    );
    return new Map(times);
  } finally {
    await pool.closeAll();
  }
}

// --- the run ---
out(
  `latency lab bench: ${items.length} check@host items on ${site.hosts.map((h) => h.name).join(', ')}; ${cores} cores`,
);
out(
  `machine load average at the start: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} (the machine is shared)`,
);
lab('latency', '0');
const idle = await idleRates();
out(
  `idle background per host (CPU ms per s, subtracted below): ${[...idle].map(([h, r]) => `${h} ${(r * 1000).toFixed(0)}`).join(', ')}`,
);
// Which way the delay goes here: netem on port 22, or the delay proxy on its own port (kernel without sch_netem).
out(
  `delay: ${lab('latency', String(RTT / 2))
    .trim()
    .split('\n')
    .join('; ')}`,
);
const viaProxy = onPort(latencyPort());
const proxied = /LAB_LATENCY_MODE=proxy/.test(lab('latency', 'status'));
lab('latency', '0');

const direct = await measureSetting('direct', site);
if (proxied) lab('latency', '0', '--proxy');
const base = proxied ? await measureSetting('proxy 0 ms', viaProxy) : direct;
const connect0 = await connectMs(viaProxy);
const alone0 = process.env.BENCH_RTT === '0' ? null : await aloneOnOpen(viaProxy, 2);
lab('latency', String(RTT / 2));
const at50 = await measureSetting(`${RTT} ms RTT`, viaProxy);
lab('latency', String(RTT_HI / 2));
const atHi = await measureSetting(`${RTT_HI} ms RTT`, viaProxy);
const connectHi = await connectMs(viaProxy);
const aloneHi = process.env.BENCH_RTT === '0' ? null : await aloneOnOpen(viaProxy, 1); // the delay is steady
lab('latency', '0');

// --- the figures ---
const wall = (s: Setting, k: 'sweep' | 'plugins'): number => median(s[k].map((x) => x.wall));
const slopeOf = (a: Setting, b: Setting, k: 'sweep' | 'plugins', ms: number): number => (wall(b, k) - wall(a, k)) / ms;
const slope = slopeOf(base, at50, 'sweep', RTT);
const marginal = slopeOf(at50, atHi, 'sweep', RTT_HI - RTT);
out();
out(
  `slope 0 -> ${RTT} ms RTT: oxdoctor ${(slope / 1000).toFixed(4)} s per ms of RTT = ${slope.toFixed(1)} round trips ` +
    `(${slopeOf(direct, at50, 'sweep', RTT).toFixed(1)} from direct); plugin set ${slopeOf(base, at50, 'plugins', RTT).toFixed(1)}`,
);
out(
  `slope ${RTT} -> ${RTT_HI} ms RTT (latency dominating): oxdoctor ${marginal.toFixed(1)} round trips on the critical path; ` +
    `plugin set ${slopeOf(at50, atHi, 'plugins', RTT_HI - RTT).toFixed(1)}`,
);
out(
  `connect (TCP, SSH handshake, key login, the remote helper's start) per host: ${[...connectHi]
    .map(([h, ms]) => `${h} ${((ms - (connect0.get(h) ?? 0)) / RTT_HI).toFixed(1)} RTT`)
    .join(', ')}`,
);
if (alone0 && aloneHi) {
  const ranked = items
    .map((i) => {
      const a = alone0.get(i.key)!;
      const b = aloneHi.get(i.key)!;
      return { key: i.key, rt: (b.ms - a.ms) / RTT_HI, ms0: a.ms, msHi: b.ms, calls: b.calls, waves: b.waves };
    })
    .sort((x, y) => y.rt - x.rt);
  out(
    `round trips per check@host alone on an open connection ((ms at ${RTT_HI} - ms at 0) / ${RTT_HI}), ` +
      `its remote calls (exec, readFile, connect, tunnel), how many of them in sequence:`,
  );
  for (const r of ranked.slice(0, 24))
    out(
      `  ${r.key.padEnd(36)} ${r.rt.toFixed(1).padStart(5)} RTT  ${r.ms0.toFixed(0).padStart(5)} -> ` +
        `${r.msHi.toFixed(0).padStart(5)} ms  ${r.calls} calls, ${r.waves} in sequence`,
    );
  const sum = ranked.reduce((n, r) => n + r.rt, 0);
  out(`  (all ${ranked.length}: ${sum.toFixed(0)} RTT in total; in the sweep they overlap, ${slots} per host)`);
}

out();
out(
  `CPU per host for one run, ms (less the idle background; median of ${ROUNDS}), as % of a core at one run a minute:`,
);
const hostMedian = (s: Setting, k: 'sweep' | 'plugins', h: string): number =>
  median(s[k].map((x) => x.hostCpu.get(h) ?? 0));
for (const s of [direct, at50]) {
  for (const k of ['sweep', 'plugins'] as const) {
    out(
      `  ${s.name.padEnd(10)} ${(k === 'sweep' ? 'oxdoctor' : 'plugin set').padEnd(10)} ` +
        [...namespaces.keys()]
          .map((h) => `${h} ${hostMedian(s, k, h).toFixed(0)} (${((hostMedian(s, k, h) / 60_000) * 100).toFixed(2)}%)`)
          .join(', ') +
        `; client side ${median(s[k].map((x) => x.clientCpu)).toFixed(0)} ms`,
    );
  }
}
out(
  `  included: every process in the host's mount namespace (sshd and its sessions, the commands, the host's servers ` +
    `such as slapd/krb5kdc on ad), ended children through their parents' c-times; not the kernel's loopback work. ` +
    `Client side: oxdoctor's process, or the check_by_ssh and ssh processes`,
);

// CPU floor: the sweep's work (oxdoctor's process and every lab host's processes, less their idle background) spread
// over every core; measured per process so that other users of this shared machine do not count.
const work = median(direct.sweep.map((x) => x.clientCpu + [...x.hostCpu.values()].reduce((a, b) => a + b, 0)));
const floor = work / cores;
out();
out(
  `CPU floor of the direct sweep: ${work.toFixed(0)} CPU-ms (oxdoctor + the lab hosts) / ${cores} cores = ` +
    `${floor.toFixed(0)} ms; the sweep took ${wall(direct, 'sweep').toFixed(0)} ms = ` +
    `${(wall(direct, 'sweep') / floor).toFixed(2)}x the floor (load average now ${loadavg()[0]!.toFixed(1)})`,
);
const verdicts: boolean[] = [];
verdicts.push(
  verdict(`oxdoctor at ${RTT} ms RTT no later than the plugin set`, wall(at50, 'sweep'), wall(at50, 'plugins')),
);
for (const [name, rt] of [
  [`0 -> ${RTT} ms`, slope],
  [`${RTT} -> ${RTT_HI} ms`, marginal],
] as const) {
  out(
    `${rt <= SLOPE_BAR ? 'PASS' : 'FAIL'}  round trips on the sweep's critical path, ${name}: ${rt.toFixed(1)} (bar ${SLOPE_BAR})`,
  );
  verdicts.push(rt <= SLOPE_BAR);
}
verdicts.push(verdict(`direct sweep within ${FLOOR_BAR}x the CPU floor`, wall(direct, 'sweep'), FLOOR_BAR * floor));
const busiest = Math.max(...[...namespaces.keys()].map((h) => hostMedian(direct, 'sweep', h)));
verdicts.push(verdict(`dashboard every 60 s: the busiest host's CPU per minute under 1% of a core`, busiest, 600));
process.exitCode = verdicts.every(Boolean) ? 0 : 1;
