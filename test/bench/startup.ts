// Startup bars of issue 2: `oxdoctor --version` under 200 ms median, and
// `oxdoctor check --format json` on the embedded default printing in under 1 s.
// Run: npm run build && node dist/test/bench/startup.js
import { fileURLToPath } from 'node:url';
import { resolve, dirname } from 'node:path';
import { median, timeCommand, verdict } from './measure.js';

const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/cli/main.js');
const runs = Number(process.env.BENCH_RUNS ?? 15);
// No config anywhere: the embedded default (this machine).
const env = { ...process.env, OXDOCTOR_CONFIG: '', HOME: '/nonexistent-oxdoctor-home' };

async function series(argv: string[]): Promise<number[]> {
  const times: number[] = [];
  await timeCommand(argv, env); // warm the file cache
  for (let i = 0; i < runs; i++) times.push((await timeCommand(argv, env)).ms);
  return times;
}

const baseline = await series([process.execPath, '-e', '0']);
const version = await series([process.execPath, bin, '--version']);
const check = await series([process.execPath, bin, 'check', '--format', 'json']);
const sample = await timeCommand([process.execPath, bin, 'check', '--format', 'json'], env);
let parsed: boolean;
try {
  parsed = JSON.parse(sample.stdout).version === 1;
} catch {
  parsed = false;
}

process.stdout.write(`node -e 0 (floor): median ${median(baseline).toFixed(0)} ms over ${runs} runs\n`);
const ok = [
  verdict(
    'oxdoctor --version, median',
    median(version),
    200,
    `min ${Math.min(...version).toFixed(0)} max ${Math.max(...version).toFixed(0)}`,
  ),
  verdict(
    'oxdoctor check --format json (embedded default), median',
    median(check),
    1000,
    `min ${Math.min(...check).toFixed(0)} max ${Math.max(...check).toFixed(0)}, exit ${sample.code}, valid JSON v1: ${parsed}`,
  ),
].every(Boolean);
process.exitCode = ok && parsed ? 0 : 1;
