// The runner over the real SSH transport against a real sshd: one connection per host for a whole
// sweep, and a hung sshd that costs its connect timeout once.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostSpec, SshTarget } from '../../src/core/host.js';
import { crit, ok } from '../../src/core/result.js';
import { SshTransport } from '../../src/transport/index.js';
import type { Transport } from '../../src/transport/types.js';
import { Runner } from '../../src/runner/runner.js';
import { plan } from '../../src/runner/plan.js';
import { sshdAvailable, startSshd, type TestSshd } from '../helpers/sshd.js';
import { check, silentServer, site } from './helpers.js';

let sshd: TestSshd;
let silent: Awaited<ReturnType<typeof silentServer>>;
let knownHosts: string;

beforeAll(async () => {
  if (!sshdAvailable()) return;
  sshd = await startSshd();
  silent = await silentServer();
  knownHosts = join(sshd.dir, 'known_hosts_for_runner');
  writeFileSync(knownHosts, `${sshd.knownHostsLine}\n`);
});
afterAll(async () => {
  await sshd?.stop();
  await silent?.close();
});

function sshHost(name: string, port: number, connectTimeoutMs = 3000): HostSpec {
  const target: SshTarget = {
    hostname: '127.0.0.1',
    port,
    user: sshd.user,
    identityFiles: [sshd.clientKeyPath],
    knownHostsFiles: [knownHosts],
    connectTimeoutMs,
    keepaliveIntervalMs: 15_000,
    maxChannels: 8,
  };
  return { name, roles: ['relay'], transport: { kind: 'ssh', ssh: target } };
}

const connectCheck = check('host/ssh', async (ctx) => {
  try {
    await ctx.transport.ensureConnected(ctx.signal);
    return ok('connected');
  } catch (err) {
    return crit(`no session: ${(err as Error).message}`);
  }
});
const execChecks = Array.from({ length: 8 }, (_, i) =>
  check(`test/exec${i}`, async (ctx) => {
    const hostname = await ctx.facts.get('uname', async () => (await ctx.exec(['uname', '-n'])).stdout.trim());
    const r = await ctx.exec(['sh', '-c', 'sleep 0.3; echo done']);
    return r.stdout === 'done\n' ? ok(`ran on ${hostname}`) : crit(`unexpected output ${JSON.stringify(r.stdout)}`);
  }),
);

describe.skipIf(!sshdAvailable())('Runner over SSH', () => {
  it('runs a whole sweep over one SSH connection per host, in about the time of the slowest check', async () => {
    const transports = new Map<string, Transport>();
    const transportFor = (h: HostSpec): Transport => {
      let t = transports.get(h.name);
      if (!t && h.transport.kind === 'ssh')
        transports.set(h.name, (t = new SshTransport(h.name, h.transport.ssh, { agentSocket: null })));
      return t!;
    };
    try {
      const runner = new Runner({ site: site({ perHostConcurrency: 6 }), transportFor });
      const report = await runner.sweep(
        plan([connectCheck, ...execChecks], [sshHost('a', sshd.port), sshHost('b', sshd.port)]),
      );
      expect(report.results.map((r) => r.status)).toEqual(Array(18).fill('ok'));
      expect(transports.get('a')!.info().connections).toBe(1);
      expect(transports.get('b')!.info().connections).toBe(1);
      const slowest = Math.max(...report.results.map((r) => r.durationMs));
      // 8 checks, 6 at a time per host: two waves of a 0.3 s command at most.
      expect(report.durationMs).toBeLessThan(slowest * 2 + 500);
      expect(report.results[1]!.evidence.map((e) => e.label)).toContain("$ sh -c 'sleep 0.3; echo done'");
    } finally {
      await Promise.all([...transports.values()].map((t) => t.close()));
    }
  });

  it('spends a hung sshd its connect timeout once and leaves the healthy host alone', async () => {
    const before = silent.connections();
    const transports: Transport[] = [];
    const transportFor = (h: HostSpec): Transport => {
      const t = new SshTransport(h.name, (h.transport as { ssh: SshTarget }).ssh, { agentSocket: null });
      transports.push(t);
      return t;
    };
    try {
      const runner = new Runner({ site: site(), transportFor });
      const t0 = Date.now();
      const report = await runner.sweep(
        plan(
          [connectCheck, ...execChecks.slice(0, 3)],
          [sshHost('hung', silent.port, 800), sshHost('fine', sshd.port)],
        ),
      );
      const elapsed = Date.now() - t0;
      const byKey = new Map(report.results.map((r) => [`${r.check}@${r.host}`, r]));
      expect(byKey.get('host/ssh@hung')!.status).toBe('crit');
      for (let i = 0; i < 3; i++) {
        expect(byKey.get(`test/exec${i}@hung`)).toMatchObject({
          status: 'unknown',
          summary: 'not run: hung unreachable (see host/ssh)',
        });
        expect(byKey.get(`test/exec${i}@fine`)!.status).toBe('ok');
      }
      expect(silent.connections() - before).toBe(1);
      expect(elapsed).toBeLessThan(800 + 1200);
    } finally {
      await Promise.all(transports.map((t) => t.close()));
    }
  });
});
