// Issue 2's sweep bar: 4 hosts x 15 probes over SSH on loopback finish within 1.3x the slowest single
// probe, over exactly one SSH connection per host. Each host is a real OpenSSH sshd; the probes are the
// real host/ssh, host/clock and host/disk checks plus 12 probes that run remote commands of graded cost.
// Run: npm run build && node dist/test/bench/sweep.js
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSshd, type TestSshd } from '../helpers/sshd.js';
import { TransportPool } from '../../src/transport/index.js';
import { Runner } from '../../src/runner/runner.js';
import { plan } from '../../src/runner/plan.js';
import { checks as catalogue } from '../../checks/index.js';
import { ok } from '../../src/core/result.js';
import type { Check } from '../../src/core/check.js';
import type { HostSpec } from '../../src/core/host.js';
import type { SiteConfig } from '../../src/config/types.js';
import { verdict } from './measure.js';

const HOSTS = 4;
const SLEEPS = [0.02, 0.04, 0.06, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.4, 0.6];

const execProbes: Check[] = SLEEPS.map((s, i) => ({
  id: `bench/exec-${String(i + 1).padStart(2, '0')}`,
  title: `remote command of ~${s * 1000} ms`,
  roles: 'all',
  proves: 'nothing: a benchmark load',
  async run(ctx) {
    const r = await ctx.exec(['sh', '-c', `sleep ${s}; cat /etc/hostname`]);
    return ok(`exit ${r.code}`);
  },
}));
const probes: Check[] = [...catalogue.filter((c) => c.id.startsWith('host/')), ...execProbes];

const servers: TestSshd[] = [];
const dir = mkdtempSync(join(tmpdir(), 'oxdoctor-bench-'));
try {
  for (let i = 0; i < HOSTS; i++) servers.push(await startSshd());
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, servers.map((s) => s.knownHostsLine).join('\n') + '\n');
  const hosts: HostSpec[] = servers.map((s, i) => ({
    name: `host${i + 1}`,
    roles: ['relay', 'groupware', 'archive'],
    transport: {
      kind: 'ssh',
      ssh: {
        hostname: s.host,
        port: s.port,
        user: s.user,
        identityFiles: [s.clientKeyPath],
        knownHostsFiles: [knownHosts],
        connectTimeoutMs: 5000,
        keepaliveIntervalMs: 15000,
        maxChannels: 8,
      },
    },
  }));
  const site: SiteConfig = {
    source: 'benchmark',
    site: 'bench',
    defaults: { timeoutMs: 10000, concurrency: 64, perHostConcurrency: 8, refreshSeconds: 60 },
    hosts,
    endpoints: {},
    thresholds: {},
  };

  // Each probe alone on a warm connection: the slowest of these is the bar's reference.
  const warm = new TransportPool();
  const alone = new Map<string, number>();
  for (const probe of probes) {
    const runner = new Runner({ site, transportFor: (h) => warm.get(h) });
    const items = plan([probe], [hosts[0]!], { hosts: [], checks: [] });
    await runner.sweep(items); // warm-up (connection, first exec)
    const started = performance.now();
    await runner.sweep(items);
    alone.set(probe.id, performance.now() - started);
  }
  await warm.closeAll();
  const slowest = [...alone.entries()].sort((a, b) => b[1] - a[1])[0]!;

  // The whole sweep on fresh connections, as a real run does.
  const logsBefore = servers.map((s) => count(s.log()));
  const pool = new TransportPool();
  const runner = new Runner({ site, transportFor: (h) => pool.get(h) });
  const items = plan(probes, hosts, { hosts: [], checks: [] });
  const started = performance.now();
  const sweep = await runner.sweep(items);
  const wall = performance.now() - started;
  const stats = pool.stats();
  await pool.closeAll();
  const sum = sweep.results.reduce((a, r) => a + r.durationMs, 0);
  const perHostConnections = hosts.map((h) => stats[h.name]?.connections ?? -1);
  const perHostAccepted = servers.map((s, i) => count(s.log()) - logsBefore[i]!);
  const notOk = sweep.results.filter((r) => r.status !== 'ok');

  process.stdout.write(`probes: ${items.length} (${HOSTS} hosts x ${probes.length}); not OK: ${notOk.length}${notOk.length ? ' ' + notOk.map((r) => `${r.check}@${r.host}=${r.status}: ${r.summary}`).join('; ') : ''}\n`);
  process.stdout.write(`slowest single probe alone: ${slowest[0]} ${slowest[1].toFixed(0)} ms\n`);
  process.stdout.write(`sum of all probe durations in the sweep: ${sum.toFixed(0)} ms\n`);
  process.stdout.write(`sweep wall time: ${wall.toFixed(0)} ms = ${(wall / slowest[1]).toFixed(2)}x the slowest probe, ${(wall / sum * 100).toFixed(1)}% of the sum\n`);
  process.stdout.write(`SSH connections per host (transport counter): ${perHostConnections.join(', ')}; sshd "Accepted publickey" per host: ${perHostAccepted.join(', ')}\n`);
  const pass =
    verdict('sweep wall time vs 1.3x slowest probe', wall, 1.3 * slowest[1]) &&
    perHostConnections.every((c) => c === 1) &&
    perHostAccepted.every((c) => c === 1) &&
    notOk.length === 0;
  process.stdout.write(`${pass ? 'PASS' : 'FAIL'}  exactly one SSH connection per host and every probe OK\n`);
  process.exitCode = pass ? 0 : 1;
} finally {
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
}

function count(log: string): number {
  return (log.match(/Accepted publickey/g) ?? []).length;
}
