// What one command costs the host through the remote helper, without SSH in between: the helper program
// (src/transport/helper-script.ts) runs here under perl, fed frames as the transport sends them, and each
// command's CPU is read from /proc (the helper's own, and that of its reaped children). Beside it, perl's
// bare fork+exec of the same command, the floor for any perl helper, and sh running it (dash uses vfork).
// Run: npm run build && npm run bench:helper   (BENCH_RUNS, default 500)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { encodeFrame, FrameReader, startPayload } from '../../src/transport/ssh/helper/frames.js';
import { helperArgv, helperProgram } from '../../src/transport/ssh/helper/script.js';
import { timeCommand } from './measure.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 500);
const COMMAND = '/bin/true';

function cpuOf(pid: number): { own: number; children: number } {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const tick = (i: number): number => Number(f[i]) * 10; // USER_HZ 100
  return { own: tick(11) + tick(12), children: tick(13) + tick(14) };
}

async function throughHelper(): Promise<{ own: number; children: number; wall: number }> {
  const [perlBin, ...perlArgs] = helperArgv();
  const child = spawn(perlBin!, perlArgs, { stdio: ['pipe', 'pipe', 'inherit'] });
  const reader = new FrameReader();
  const ended = new Map<number, () => void>();
  let hello!: () => void;
  const ready = new Promise<void>((resolve) => (hello = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    for (const frame of reader.push(chunk)) {
      if (frame.type === 'H') hello();
      else if (frame.type === 'Z') ended.get(frame.id)?.();
    }
  });
  child.stdin.write(helperProgram());
  await ready;
  let id = 0;
  const run = (): Promise<void> =>
    new Promise((resolve) => {
      ended.set(++id, resolve);
      child.stdin.write(Buffer.concat([encodeFrame('X', id, startPayload([COMMAND], {})), encodeFrame('E', id)]));
    });
  for (let i = 0; i < 20; i++) await run();
  const before = cpuOf(child.pid!);
  const started = performance.now();
  for (let i = 0; i < RUNS; i++) await run();
  const wall = (performance.now() - started) / RUNS;
  const after = cpuOf(child.pid!);
  child.stdin.end();
  return { own: (after.own - before.own) / RUNS, children: (after.children - before.children) / RUNS, wall };
}

// A loop's CPU per run from bash's `times` (shell, then children).
async function loopCost(argv: string[]): Promise<number> {
  const r = await timeCommand(['bash', '-c', `"$@"; times`, 'loop', ...argv]);
  const seconds = [...r.stdout.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  return (seconds.reduce((a, b) => a + b, 0) * 1000) / RUNS;
}

const helper = await throughHelper();
const perl = await loopCost([
  'perl',
  '-e',
  `for (1..${RUNS}) { my $p = fork; if (!$p) { exec { '${COMMAND}' } '${COMMAND}'; exit 127 } waitpid($p, 0) }`,
]);
const sh = await loopCost(['sh', '-c', `i=0; while [ $i -lt ${RUNS} ]; do ${COMMAND}; i=$((i+1)); done`]);
process.stdout.write(`${RUNS} runs of ${COMMAND}, CPU per command (ms):\n`);
process.stdout.write(
  `  through the helper: ${(helper.own + helper.children).toFixed(2)} (helper ${helper.own.toFixed(2)}, children ${helper.children.toFixed(2)}), ` +
    `wall ${helper.wall.toFixed(2)} ms a command, one after another\n`,
);
process.stdout.write(`  perl's bare fork+exec: ${perl.toFixed(2)}\n`);
process.stdout.write(`  sh (vfork where it is dash): ${sh.toFixed(2)}\n`);
