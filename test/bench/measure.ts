// Small timing helpers shared by the benchmarks (wall time of whole commands).
import { spawn } from 'node:child_process';

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
  process.stdout.write(`${pass ? 'PASS' : 'FAIL'}  ${name}: ${fmt(measured)} (bar ${fmt(bar)})${detail ? `  ${detail}` : ''}\n`);
  return pass;
}
