// Small timing helpers shared by the benchmarks (wall time of whole commands).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

export interface Run {
  readonly ms: number;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function timeCommand(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(argv[0]!, argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, code, stdout, stderr });
    });
  });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function fmt(ms: number): string {
  return `${ms.toFixed(0)} ms`;
}

// Prints one result line and returns whether it met its bar.
export function verdict(name: string, measured: number, bar: number, detail = ''): boolean {
  const pass = measured <= bar;
  process.stdout.write(
    `${pass ? 'PASS' : 'FAIL'}  ${name}: ${fmt(measured)} (bar ${fmt(bar)})${detail ? `  ${detail}` : ''}\n`,
  );
  return pass;
}

// Busy and total jiffies of all CPUs (/proc/stat). The servers a benchmark talks to run on this machine,
// so their work shows here as well as oxdoctor's.
export function cpuTicks(): { busy: number; total: number } {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - (f[3] ?? 0) - (f[4] ?? 0), total };
  } catch {
    return { busy: 0, total: 0 };
  }
}

const JIFFY_MS = 10; // USER_HZ is 100 on Linux

// CPU time the whole machine spent busy between two readings, in ms (all cores added up).
export function busyMs(from: { busy: number }, to: { busy: number }): number {
  return (to.busy - from.busy) * JIFFY_MS;
}

// The machine's background: CPU ms per ms of wall time while the benchmark does nothing.
export async function backgroundRate(ms = 2000): Promise<number> {
  const t0 = cpuTicks();
  const started = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  return busyMs(t0, cpuTicks()) / (performance.now() - started);
}

// "CPU floor": the CPU the work costs (measured one piece at a time, machine-wide, less the background),
// spread perfectly over every core. No schedule can finish that work sooner on this machine.
export function cpuFloorLine(workMs: number, cores: number, barMs: number): string {
  const floor = workMs / cores;
  return (
    `CPU floor: the work costs ${workMs.toFixed(0)} CPU-ms run one at a time (oxdoctor and the servers, machine-wide, ` +
    `less the idle background); on ${cores} cores no sweep can finish in under ${floor.toFixed(0)} ms; the bar is ${barMs.toFixed(0)} ms` +
    `${floor > barMs ? ': the bar cannot be met on this machine' : ''}`
  );
}

// How process creation scales across the cores: N runs of /bin/true from sh, alone and with one such loop
// per core at once. Pure computation scales here; fork and exec, page-table work, may not (a VM whose
// hypervisor serialises it), and a sweep over loopback hosts is mostly that.
export async function forkScaling(runs = 300): Promise<{ aloneMs: number; sideBySideMs: number; cores: number }> {
  const script = `i=0; while [ $i -lt ${runs} ]; do /bin/true; i=$((i+1)); done`;
  const loop = async (): Promise<number> => (await timeCommand(['sh', '-c', script])).ms;
  const cores = cpus().length;
  await loop();
  const aloneMs = await loop();
  const parallel = await Promise.all(Array.from({ length: cores }, loop));
  return { aloneMs: aloneMs / runs, sideBySideMs: Math.max(...parallel) / runs, cores };
}

export function forkScalingLine(f: { aloneMs: number; sideBySideMs: number; cores: number }): string {
  const slowdown = f.sideBySideMs / f.aloneMs;
  return (
    `process creation on this machine: ${f.aloneMs.toFixed(2)} ms per fork+exec alone, ${f.sideBySideMs.toFixed(2)} ms with ${f.cores} loops ` +
    `side by side (${slowdown.toFixed(1)}x${slowdown > 1.3 ? `: its ${f.cores} cores do not run forks side by side, so the CPU floor below is optimistic` : ''})`
  );
}
