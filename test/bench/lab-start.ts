// Lab start bar of issue 3: the whole lab starts in under 30 s after install (install.sh provisions it).
// Each round stops the lab, then times `lab.sh up` until every service answers, and checks `lab.sh status`.
// Run as root on a provisioned lab: npm run build && npm run bench:lab-start   (BENCH_RUNS, default 3)
import { fileURLToPath } from 'node:url';
import { resolve, dirname } from 'node:path';
import { median, timeCommand, verdict } from './measure.js';

const labSh = resolve(dirname(fileURLToPath(import.meta.url)), '../../../test/lab/lab.sh');
const runs = Number(process.env.BENCH_RUNS ?? 3);

async function lab(...args: string[]) {
  const run = await timeCommand(['bash', labSh, ...args]);
  if (run.code !== 0 && args[0] !== 'status') {
    process.stderr.write(run.stderr);
    throw new Error(`lab.sh ${args.join(' ')} exited ${run.code}`);
  }
  return run;
}

const times: number[] = [];
let healthy = true;
for (let i = 0; i < runs; i++) {
  await lab('down');
  const up = await lab('up');
  const status = await lab('status');
  healthy &&= status.code === 0;
  times.push(up.ms);
  process.stdout.write(
    `round ${i + 1}: up ${up.ms.toFixed(0)} ms, status ${status.code === 0 ? 'all ok' : 'NOT all ok'}\n`,
  );
}
const ok = verdict(
  'lab.sh up after install, median',
  median(times),
  30_000,
  `min ${Math.min(...times).toFixed(0)} max ${Math.max(...times).toFixed(0)} over ${runs} rounds`,
);
process.exitCode = ok && healthy ? 0 : 1;
