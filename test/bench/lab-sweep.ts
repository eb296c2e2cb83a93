// Issue 5's "a whole lab sweep of all checks vs the slowest single check" and issue 4's "the whole identity+mailbox
// group for the test user across the lab hosts, wall time vs the slowest single probe (target <= 1.3x)".
// Real lab (npm run lab -- up), real config (test/lab/oxdoctor.yaml), real checks, real runner, over SSH.
//   (a) every check@host of the sweep alone, as `oxdoctor check --check ID --host H` runs it: a fresh
//       TransportPool (new SSH connection), best of BENCH_REPEAT (default 2) runs; the slowest is the reference.
//   (b) the whole sweep (every check of checks/index.ts on every lab host) on fresh connections: the first run
//       (no Durations known: plan order) and a later run (slowest first, from the first run's Durations).
//   (c) the same for the group selection (default identity + mailbox; BENCH_GROUPS=identity,mailbox overrides).
// Run: npm run build && node dist/test/bench/lab-sweep.js   (BENCH_CONFIG=FILE for another config than test/lab/oxdoctor.yaml)
//   BENCH_GROUPS=a,b     the group selection of (c)          BENCH_REPEAT=N   alone runs per check@host (default 2)
//   BENCH_TIMELINE=1     per-result start offset and duration of the measured sweeps (who waited for what)
//   BENCH_ONLY=groups|all  measure only (c) or only (b) (the alone runs are then limited to that selection)
//   BENCH_PER_HOST=N, BENCH_CONCURRENCY=N  override the config's perHostConcurrency / concurrency (diagnosis)
//   BENCH_CHANNELS=N     override every SSH host's maxChannels (default 8; the lab's sshd allows MaxSessions 32)
import { loadavg, cpus } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/index.js';
import { TransportPool } from '../../src/transport/index.js';
import { Runner, type SweepReport } from '../../src/runner/runner.js';
import { plan, type PlanItem } from '../../src/runner/plan.js';
import { Durations } from '../../src/runner/durations.js';
import { selectChecks } from '../../checks/index.js';
import type { Result } from '../../src/core/result.js';
import type { SiteConfig } from '../../src/config/types.js';
import { backgroundRate, busyMs, cpuFloorLine, cpuTicks, forkScaling, forkScalingLine, verdict } from './measure.js';

const BAR = 1.3;
const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 2));
const GROUPS = (process.env.BENCH_GROUPS ?? 'identity,mailbox')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const ONLY = process.env.BENCH_ONLY ?? '';
const PER_HOST = process.env.BENCH_PER_HOST ? Number(process.env.BENCH_PER_HOST) : undefined;
const CONCURRENCY = process.env.BENCH_CONCURRENCY ? Number(process.env.BENCH_CONCURRENCY) : undefined;
const CHANNELS = process.env.BENCH_CHANNELS ? Number(process.env.BENCH_CHANNELS) : undefined;
const out = (line = ''): void => void process.stdout.write(line + '\n');

interface Alone {
  fresh: number; // wall of a fresh-connection run, best of REPEAT
  check: number; // the result's own durationMs in that best run
  bestStatus: string;
  readonly statuses: string[];
  cpuMs: number; // machine-wide CPU of the run, less the background, least of REPEAT
}

interface Measured {
  readonly wall: number;
  readonly report: SweepReport;
  readonly connections: Record<string, number>;
  readonly cpuMs: number; // this process's CPU time (user + system) during the sweep
  readonly lagP99: number; // event loop delay p99 / max during the sweep (ms)
  readonly lagMax: number;
  readonly machineBusy: number; // fraction of all cores busy machine-wide during the sweep (lab hosts share this kernel)
  readonly channelsAtCap: Record<string, number>; // per host: fraction of 20 ms samples with every exec channel in use
}

// From dist/test/bench/ (compiled) three levels up is the repository root.
const CONFIG = process.env.BENCH_CONFIG ?? fileURLToPath(new URL('../../../test/lab/oxdoctor.yaml', import.meta.url));
const loaded = await loadConfig({ explicitPath: CONFIG });
const site: SiteConfig = CHANNELS
  ? {
      ...loaded,
      hosts: loaded.hosts.map((h) =>
        h.transport.kind === 'ssh'
          ? { ...h, transport: { kind: 'ssh', ssh: { ...h.transport.ssh, maxChannels: CHANNELS } } }
          : h,
      ),
    }
  : loaded;
const allItems = plan(selectChecks([]), site.hosts);
const groupItems = plan(selectChecks(GROUPS), site.hosts);
if (groupItems.length === 0) throw new Error(`BENCH_GROUPS=${GROUPS.join(',')} selects no check on the lab hosts`);
const selections = [
  ...(ONLY === 'groups' ? [] : [{ name: `whole sweep (all ${selectChecks([]).length} checks)`, items: allItems }]),
  ...(ONLY === 'all' ? [] : [{ name: `group ${GROUPS.join(' + ')}`, items: groupItems }]),
];
const aloneItems = ONLY === 'groups' ? groupItems : allItems;

out(`lab config: ${site.source}; hosts ${site.hosts.map((h) => `${h.name}[${h.roles.join(',')}]`).join(' ')}`);
out(
  `defaults: concurrency ${site.defaults.concurrency}, perHostConcurrency ${site.defaults.perHostConcurrency}, timeoutMs ${site.defaults.timeoutMs}` +
    `; SSH maxChannels ${site.hosts.map((h) => (h.transport.kind === 'ssh' ? h.transport.ssh.maxChannels : 'local')).join('/')}` +
    (PER_HOST || CONCURRENCY || CHANNELS
      ? `; bench overrides: perHostConcurrency ${PER_HOST ?? '-'}, concurrency ${CONCURRENCY ?? '-'}, maxChannels ${CHANNELS ?? '-'}`
      : ''),
);
const slotsPerHost = PER_HOST ?? site.defaults.perHostConcurrency;
out(
  `plan: whole sweep ${allItems.length} check@host items; group ${GROUPS.join('+')}: ${groupItems.length} items (${groupItems.map((i) => i.key).join(', ')})`,
);

// (a) each check@host alone, fresh connection each time; passes round-robin so that each check's runs are spread
// over the whole measuring time (the lab is shared: load comes and goes).
const alone = new Map<string, Alone>(
  aloneItems.map((i) => [i.key, { fresh: Infinity, check: 0, bestStatus: '', statuses: [], cpuMs: Infinity }]),
);
const background = await backgroundRate();
const scaling = await forkScaling();
const aloneStarted = performance.now();
const aloneTicks = cpuTicks();
for (let pass = 0; pass < REPEAT; pass++) {
  for (const item of aloneItems) {
    const m = await measure(site, [item]);
    const r = m.report.results[0]!;
    const a = alone.get(item.key)!;
    a.cpuMs = Math.min(a.cpuMs, await warmCpu(site, item, background));
    a.statuses.push(r.timedOut ? 'timeout' : r.status);
    if (m.wall < a.fresh)
      Object.assign(a, { fresh: m.wall, check: r.durationMs, bestStatus: r.timedOut ? 'timeout' : r.status });
  }
}
const aloneNotOk = [...alone].filter(([, a]) => a.bestStatus !== 'ok');
const aloneTicksAfter = cpuTicks();
out(
  `alone runs: ${aloneItems.length} items x ${REPEAT} in ${((performance.now() - aloneStarted) / 1000).toFixed(1)} s; machine CPU busy meanwhile ${((100 * (aloneTicksAfter.busy - aloneTicks.busy)) / Math.max(1, aloneTicksAfter.total - aloneTicks.total)).toFixed(0)}% (we ran one check at a time: the rest is the lab's background and other users)`,
);
const aloneRanked = [...alone.entries()].sort((a, b) => b[1].fresh - a[1].fresh);
out(
  `slowest alone (fresh connection, best of ${REPEAT}; check's own duration in brackets; machine CPU on an open connection):`,
);
for (const [key, a] of aloneRanked.slice(0, 8))
  out(
    `  ${key.padEnd(40)} ${a.fresh.toFixed(0).padStart(6)} ms  [${a.check} ms]  cpu ${a.cpuMs.toFixed(0)} ms  ${a.statuses.join(',')}`,
  );
const costly = [...alone.entries()].sort((a, b) => b[1].cpuMs - a[1].cpuMs).slice(0, 8);
out(
  `most CPU (machine-wide, on an open connection, least of ${REPEAT}): ${costly.map(([k, a]) => `${k} ${a.cpuMs.toFixed(0)}`).join(', ')}`,
);
if (aloneNotOk.length)
  out(
    `NOTE  ${aloneNotOk.length} check@host not OK even in their best alone run: ${aloneNotOk.map(([k, a]) => `${k}=${a.bestStatus}`).join(', ')}`,
  );

// A lab fault (injected, or left by another test) makes some checks fail or time out; their timeout then becomes
// the reference and hides how the healthy checks sweep. Measure the sweep without them as well, labelled so.
const bad = new Set(aloneNotOk.map(([k]) => k));
for (const sel of [...selections]) {
  const healthy = sel.items.filter((i) => !bad.has(i.key));
  if (healthy.length < sel.items.length && healthy.length > 0) {
    selections.push({
      name: `${sel.name} without the ${sel.items.length - healthy.length} check@host not OK alone`,
      items: healthy,
    });
  }
}

let pass = true;
for (const sel of selections) {
  out();
  out(`== ${sel.name}: ${sel.items.length} check@host items ==`);
  const [slowKey, slow] = sel.items
    .map((i) => [i.key, alone.get(i.key)!] as const)
    .sort((a, b) => b[1].fresh - a[1].fresh)[0]!;
  const durations = new Durations();
  out(
    `(started at +${((performance.now() - aloneStarted) / 1000).toFixed(0)} s of the bench; machine load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')})`,
  );
  const first = await measure(site, sel.items, durations);
  const later = await measure(site, sel.items, durations);
  const sum = later.report.results.reduce((n, r) => n + r.durationMs, 0);
  const notOk = later.report.results.filter((r) => r.status !== 'ok');
  const firstNotOk = first.report.results.filter((r) => r.status !== 'ok');
  out(
    `slowest single check alone (fresh connection, best of ${REPEAT}): ${slowKey} ${slow.fresh.toFixed(0)} ms (the check itself ${slow.check} ms, ${slow.bestStatus})`,
  );
  if (slow.bestStatus !== 'ok')
    out(
      `NOTE  the reference ${slowKey} was ${slow.bestStatus} alone: the ratio below is against a failure, not a healthy probe`,
    );
  out(`sum of all check durations in the later sweep: ${sum.toFixed(0)} ms`);
  out(
    `first run (no durations known, plan order): ${first.wall.toFixed(0)} ms = ${(first.wall / slow.fresh).toFixed(2)}x the slowest check`,
  );
  out(
    `later run (slowest first, from Durations): ${later.wall.toFixed(0)} ms = ${(later.wall / slow.fresh).toFixed(2)}x the slowest check, ${((later.wall / sum) * 100).toFixed(1)}% of the sum`,
  );
  out(
    `oxdoctor process during the sweep: CPU ${first.cpuMs.toFixed(0)} ms first run (${((first.cpuMs / first.wall) * 100).toFixed(0)}% of one core), ${later.cpuMs.toFixed(0)} ms later run (${((later.cpuMs / later.wall) * 100).toFixed(0)}%); event loop delay p99/max ${first.lagP99.toFixed(0)}/${first.lagMax.toFixed(0)} ms first, ${later.lagP99.toFixed(0)}/${later.lagMax.toFixed(0)} ms later`,
  );
  out(
    `machine CPU busy during the sweep (all ${cpus().length} cores, every process incl. the lab's servers and other users): ${(first.machineBusy * 100).toFixed(0)}% first run, ${(later.machineBusy * 100).toFixed(0)}% later run`,
  );
  out(
    `exec channels at maxChannels (share of the sweep's time): first run ${pct(first.channelsAtCap)}; later run ${pct(later.channelsAtCap)}`,
  );
  out(`SSH connections per host: first run ${fmtConn(first.connections)}; later run ${fmtConn(later.connections)}`);
  out(`not OK in the later run: ${notOk.length}${notOk.length ? '' : ' (first run: ' + firstNotOk.length + ')'}`);
  for (const r of notOk)
    out(
      `  ${r.status.toUpperCase()} ${r.check}@${r.host}${r.timedOut ? ' (timed out)' : ''}: ${r.summary.slice(0, 160)}`,
    );
  if (notOk.length === 0 && firstNotOk.length)
    for (const r of firstNotOk)
      out(`  first run: ${r.status.toUpperCase()} ${r.check}@${r.host}: ${r.summary.slice(0, 160)}`);
  perHost(sel.items, later.report.results, slow.fresh);
  slowestIn(later.report, alone);
  if (process.env.BENCH_TIMELINE) {
    timeline('first run', first.report);
    timeline('later run', later.report);
  }
  out(forkScalingLine(scaling));
  out(
    cpuFloorLine(
      sel.items.reduce((sum, i) => sum + alone.get(i.key)!.cpuMs, 0),
      cpus().length,
      BAR * slow.fresh,
    ),
  );
  const fastFirst = verdict(`${sel.name}: first run vs ${BAR}x slowest alone`, first.wall, BAR * slow.fresh);
  const fastLater = verdict(`${sel.name}: later run vs ${BAR}x slowest alone`, later.wall, BAR * slow.fresh);
  const single = [first, later].every((m) => Object.values(m.connections).every((c) => c === 1));
  out(`${single ? 'PASS' : 'FAIL'}  ${sel.name}: exactly one SSH connection per host`);
  out(
    `${notOk.length === 0 ? 'PASS' : 'NOTE'}  ${sel.name}: every result OK${notOk.length ? ` (${notOk.length} not OK: lab state or load, see above)` : ''}`,
  );
  // A selection whose reference failed alone proves nothing about speed either way; it does not decide the exit code.
  pass &&= (slow.bestStatus !== 'ok' || fastLater) && single;
  void fastFirst;
}
process.exitCode = pass ? 0 : 1;

// The machine-wide CPU one check@host costs on a connection that is already open (a sweep opens one per host
// and shares it), less the background: a first run opens the connection, a second runner on it is measured.
async function warmCpu(site: SiteConfig, item: PlanItem, background: number): Promise<number> {
  const pool = new TransportPool();
  try {
    await new Runner({ site, transportFor: (h) => pool.get(h) }).sweep([item]);
    const t0 = cpuTicks();
    const started = performance.now();
    await new Runner({ site, transportFor: (h) => pool.get(h) }).sweep([item]);
    return Math.max(0, busyMs(t0, cpuTicks()) - background * (performance.now() - started));
  } finally {
    await pool.closeAll();
  }
}

async function measure(site: SiteConfig, items: readonly PlanItem[], durations = new Durations()): Promise<Measured> {
  const pool = new TransportPool();
  try {
    const runner = new Runner({
      site,
      transportFor: (h) => pool.get(h),
      durations,
      ...(PER_HOST ? { perHostConcurrency: PER_HOST } : {}),
      ...(CONCURRENCY ? { concurrency: CONCURRENCY } : {}),
    });
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const cpu = process.cpuUsage();
    const ticks = cpuTicks();
    // Sample the open exec channels per host: at the cap, further commands queue inside the transport.
    const samples: Record<string, { n: number; full: number }> = {};
    const sampler = setInterval(() => {
      for (const [h, info] of Object.entries(pool.stats())) {
        const spec = site.hosts.find((x) => x.name === h);
        const cap = spec?.transport.kind === 'ssh' ? spec.transport.ssh.maxChannels : Infinity;
        const s = (samples[h] ??= { n: 0, full: 0 });
        s.n++;
        if (info.commandsRunning >= cap) s.full++;
      }
    }, 20);
    const started = performance.now();
    const report = await runner.sweep(items);
    const wall = performance.now() - started;
    clearInterval(sampler);
    const used = process.cpuUsage(cpu);
    const ticksAfter = cpuTicks();
    const machineBusy = (ticksAfter.busy - ticks.busy) / Math.max(1, ticksAfter.total - ticks.total);
    lag.disable();
    const stats = pool.stats();
    const connections = Object.fromEntries(Object.entries(stats).map(([h, s]) => [h, s.connections]));
    return {
      wall,
      report,
      connections,
      cpuMs: (used.user + used.system) / 1000,
      lagP99: lag.percentile(99) / 1e6,
      lagMax: lag.max / 1e6,
      machineBusy,
      channelsAtCap: Object.fromEntries(Object.entries(samples).map(([h, x]) => [h, x.full / Math.max(1, x.n)])),
    };
  } finally {
    await pool.closeAll();
  }
}

function pct(c: Record<string, number>): string {
  return Object.entries(c)
    .map(([h, f]) => `${h} ${(f * 100).toFixed(0)}%`)
    .join(', ');
}

function fmtConn(c: Record<string, number>): string {
  return Object.entries(c)
    .map(([h, n]) => `${h}=${n}`)
    .join(' ');
}

// Per host: how many checks, their summed duration in the sweep and alone, and the lower bound the per-host slots
// impose on the wall time (sum / perHostConcurrency; with the alone durations it is free of the sweep's own CPU
// contention), against the slowest check alone and its 1.3x bar.
function perHost(items: readonly PlanItem[], results: readonly Result[], slowest: number): void {
  out(
    `per host (later run; perHostConcurrency ${slotsPerHost}, global ${CONCURRENCY ?? site.defaults.concurrency}; bar ${(BAR * slowest).toFixed(0)} ms):`,
  );
  for (const host of site.hosts) {
    const rs = results.filter((r) => r.host === host.name);
    if (rs.length === 0) continue;
    const sum = rs.reduce((n, r) => n + r.durationMs, 0);
    const aloneSum = items
      .filter((i) => i.host.name === host.name)
      .reduce((n, i) => n + (alone.get(i.key)?.check ?? 0), 0);
    const max = rs.reduce((m, r) => (r.durationMs > m.durationMs ? r : m));
    const t0 = Math.min(...rs.map((r) => Date.parse(r.startedAt)));
    const end = Math.max(...rs.map((r) => Date.parse(r.startedAt) + r.durationMs));
    out(
      `  ${host.name.padEnd(8)} ${String(rs.length).padStart(2)} checks; sum in sweep ${sum} ms (/${slotsPerHost} = ${(sum / slotsPerHost).toFixed(0)}), ` +
        `sum alone ${aloneSum} ms (/${slotsPerHost} = ${(aloneSum / slotsPerHost).toFixed(0)}); longest in sweep ${max.check} ${max.durationMs} ms; busy ${end - t0} ms`,
    );
  }
}

// The results that finished last and how long they waited for a slot before starting.
function slowestIn(report: SweepReport, aloneBy: ReadonlyMap<string, Alone>): void {
  const t0 = Date.parse(report.startedAt);
  const ends = [...report.results]
    .map((r) => ({ r, start: Date.parse(r.startedAt) - t0, end: Date.parse(r.startedAt) - t0 + r.durationMs }))
    .sort((a, b) => b.end - a.end);
  out(`last to finish (later run): start offset / duration in sweep / alone check duration`);
  for (const { r, start, end } of ends.slice(0, 6)) {
    const a = aloneBy.get(`${r.check}@${r.host}`);
    out(
      `  ${`${r.check}@${r.host}`.padEnd(40)} +${String(start).padStart(5)} ms  ${String(r.durationMs).padStart(5)} ms  ends +${end}  (alone ${a?.check ?? '?'} ms)`,
    );
  }
}

function timeline(label: string, report: SweepReport): void {
  const t0 = Date.parse(report.startedAt);
  out(`timeline, ${label} (start offset from sweep start, duration):`);
  for (const r of [...report.results].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt))) {
    out(
      `  ${`${r.check}@${r.host}`.padEnd(40)} +${String(Date.parse(r.startedAt) - t0).padStart(5)} ms  took ${String(r.durationMs).padStart(5)} ms  ${r.status}`,
    );
  }
}
