// What the logs bench's parts share: the lab's transports, commands timed on the host itself, this process'
// peak RSS, and measured parts run as child node processes (their RSS is their own), under the lab lock.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/index.js';
import type { HostSpec } from '../../src/core/host.js';
import { TransportPool, type Transport } from '../../src/transport/index.js';

export const CONFIG =
  process.env.BENCH_CONFIG ?? fileURLToPath(new URL('../../../test/lab/oxdoctor.yaml', import.meta.url));
export const LAB_LOCK = process.env.BENCH_LAB_LOCK ?? '/tmp/oxdoctor-lab.lock';
export const out = (line = ''): void => void process.stdout.write(line + '\n');

export interface Lab {
  readonly transport: (host: string) => Transport;
  readonly spec: (host: string) => HostSpec;
  close(): Promise<void>;
}

export async function openLab(): Promise<Lab> {
  const site = await loadConfig({ explicitPath: CONFIG });
  const pool = new TransportPool();
  const spec = (host: string): HostSpec => {
    const s = site.hosts.find((h) => h.name === host);
    if (!s) throw new Error(`${host}: not a host of ${CONFIG}`);
    return s;
  };
  return { spec, transport: (host) => pool.get(spec(host)), close: () => pool.closeAll() };
}

// A script run on the host with its own time taken there (GNU date's %N), so the channel's setup is not in it;
// exit 1 (grep: no match) is not a failure.
export async function timedOnHost(
  t: Transport,
  script: string,
  args: readonly string[],
  timeoutMs = 120_000,
): Promise<{ hostMs: number; cpuMs: number; wallMs: number; stdout: string }> {
  // `times`' second line: the CPU of the shell's children (user, system), 0m1.230000s 0m0.450000s.
  const wrapped = `a=$(date +%s%N); ${script}\nrc=$?; b=$(date +%s%N); echo "@@ $rc $(( (b - a) / 1000 ))"; times`;
  const started = performance.now();
  const r = await t.exec(['sh', '-c', wrapped, 'sh', ...args], { timeoutMs, maxOutputBytes: 1 << 20 });
  const wallMs = performance.now() - started;
  const m = /@@ (\d+) (\d+)\n/.exec(r.stdout);
  if (!m) throw new Error(`${t.host}: ${script}: ${r.stderr.trim() || `exit ${r.code}`}`);
  if (m[1] !== '0' && m[1] !== '1') throw new Error(`${t.host}: ${script}: exit ${m[1]}: ${r.stderr.trim()}`);
  const times = [...r.stdout.slice(m.index).matchAll(/(\d+)m([\d.]+)s/g)].map((x) => Number(x[1]) * 60 + Number(x[2]));
  const cpuMs = ((times[2] ?? 0) + (times[3] ?? 0)) * 1000;
  return { hostMs: Number(m[2]) / 1000, cpuMs, wallMs, stdout: r.stdout.slice(0, m.index) };
}

// This process' peak resident set (VmHWM), MB.
export function peakRssMb(): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  return Number(kb ?? 0) / 1024;
}

// Runs a bench script (dist/test/bench/NAME.js) in its own node process: its figures as JSON on stdout (the last
// line), its report lines on stderr (passed through). The wall time includes node's start, as a command's would.
export function runChild<T>(name: string, args: readonly string[], lock = false): Promise<T & { wallMs: number }> {
  const script = fileURLToPath(new URL(`./${name}.js`, import.meta.url));
  const argv = [process.execPath, script, ...args];
  const full = lock && process.env.BENCH_LOCKED !== '1' ? ['flock', LAB_LOCK, ...argv] : argv;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(full[0]!, full.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const json = stdout.trim().split('\n').pop();
      if (code !== 0 || !json) reject(new Error(`${name} ${args.join(' ')}: exit ${code}`));
      else resolve({ ...(JSON.parse(json) as T), wallMs });
    });
  });
}
