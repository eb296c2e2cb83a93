// Issue 18's bars for `oxdoctor bundle` on the lab, in one run:
//   a. the bundle of every lab host: median wall time against the slowest single host alone (--host H for each);
//      bar: within 1.3x;
//   b. beside it, `sos report --batch` on server B, run inside that host's namespace (`lab.sh exec`), same run;
//   c. peak RSS (GNU time's maximum resident set) of the bundle of every host with a 1 GiB maillog.1 of lines
//      from the last hour on server B (inside --since 1d); bar: under 150 MB. The file is removed afterwards.
// Each bundle is written to a temporary directory and removed; sos's archive too.
// Run: npm run build && flock /tmp/oxdoctor-lab.lock npm run bench:bundle    BENCH_ROUNDS=N (3)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Manifest } from '../../src/bundle/manifest.js';
import { backgroundRate, busyMs, cpuTicks, median } from './measure.js';

const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const HOSTS = ['relay', 'servera', 'servera2', 'serverb'];
const RATIO_BAR = 1.3;
const RSS_BAR_MB = 150;
const GIB = 1024 ** 3;
const BIG = '/var/log/maillog.1';
const SOS_DIR = '/var/tmp/oxdoctor-bench-sos';
const CONFIG = fileURLToPath(new URL('../../../test/lab/oxdoctor.yaml', import.meta.url));
const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const LAB = fileURLToPath(new URL('../../../test/lab/lab.sh', import.meta.url));
const out = (line = ''): void => void process.stdout.write(`${line}\n`);
const verdicts: boolean[] = [];
const verdict = (pass: boolean, text: string): void => {
  verdicts.push(pass);
  out(`${pass ? 'PASS' : 'FAIL'}  ${text}`);
};
const list = (values: readonly number[], digits = 0): string => values.map((v) => v.toFixed(digits)).join(' ');
const dir = mkdtempSync(join(tmpdir(), 'oxdoctor-bench-bundle-'));

interface Timed {
  readonly ms: number;
  readonly code: number | null;
  readonly rssMb: number; // GNU time's maximum resident set of the command
  readonly cpuMs: number; // its user and system CPU (oxdoctor's JavaScript runs on one thread of it)
  readonly stdout: string;
  readonly stderr: string;
}

function timed(argv: readonly string[]): Promise<Timed> {
  const rssFile = join(dir, 'rss');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-o', rssFile, '-f', '%M %U %S', ...argv], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const [, kb, user, sys] = /(\d+) ([\d.]+) ([\d.]+)\s*$/.exec(readFileSync(rssFile, 'utf8')) ?? [];
      const cpuMs = (Number(user ?? 0) + Number(sys ?? 0)) * 1000;
      resolve({ ms, code, rssMb: Number(kb ?? 0) / 1024, cpuMs, stdout, stderr });
    });
  });
}

const lab = (host: string, ...argv: string[]): string =>
  execFileSync('bash', [LAB, 'exec', host, '--', ...argv], { encoding: 'utf8', maxBuffer: 16 << 20 });

// One bundle into the temporary directory; its manifest read back, the archive removed.
async function bundle(args: readonly string[]): Promise<Timed & { manifest: Manifest; bytes: number }> {
  const archive = join(dir, 'b.tar.gz');
  const r = await timed(['node', CLI, 'bundle', '--config', CONFIG, '--output', archive, ...args]);
  if (r.code !== 0 && r.code !== 1) throw new Error(`bundle ${args.join(' ')}: exit ${r.code}: ${r.stderr}`);
  const text = execFileSync('tar', ['-xzOf', archive, '--wildcards', '*manifest.json'], { encoding: 'utf8' });
  const bytes = Number(execFileSync('stat', ['-c', '%s', archive], { encoding: 'utf8' }).trim());
  rmSync(archive, { force: true });
  return { ...r, manifest: JSON.parse(text) as Manifest, bytes };
}

out(
  `bundle bench: ${ROUNDS} rounds, ${cpus().length} cores, load ${list(loadavg(), 1)} at the start (the machine is shared)`,
);
let planted = false;
try {
  // a. every host against each alone
  await bundle([]); // warm the page cache and the hosts' sshd
  const all: Timed[] = [];
  const allCpu: number[] = []; // machine-wide CPU-ms of each full bundle, less the idle background
  const background = await backgroundRate();
  const alone: Record<string, number[]> = Object.fromEntries(HOSTS.map((h) => [h, []]));
  const aloneCpu: Record<string, number[]> = Object.fromEntries(HOSTS.map((h) => [h, []]));
  let items = 0;
  let bytes = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = cpuTicks();
    const b = await bundle([]);
    allCpu.push(Math.max(0, busyMs(t0, cpuTicks()) - background * b.ms));
    all.push(b);
    items = b.manifest.items.length;
    bytes = b.bytes;
    for (const h of HOSTS) {
      const one = await bundle(['--host', h]);
      alone[h]!.push(one.ms);
      aloneCpu[h]!.push(one.cpuMs);
    }
  }
  const slowest = HOSTS.reduce((a, h) => (median(alone[h]!) > median(alone[a]!) ? h : a), HOSTS[0]!);
  const allMs = median(all.map((r) => r.ms));
  const slowestMs = median(alone[slowest]!);
  out();
  out(`a. bundle of every lab host (${items} items, ${(bytes / 1024).toFixed(0)} KiB), median of ${ROUNDS}:`);
  out(
    `   all ${HOSTS.length} hosts                      ${allMs.toFixed(0).padStart(6)} ms   runs ${list(all.map((r) => r.ms))}`,
  );
  for (const h of HOSTS)
    out(
      `   --host ${h.padEnd(24)} ${median(alone[h]!).toFixed(0).padStart(6)} ms   runs ${list(alone[h]!)}` +
        `   oxdoctor CPU ${median(aloneCpu[h]!).toFixed(0)} ms`,
    );
  out(`   oxdoctor's own CPU for every host: ${median(all.map((r) => r.cpuMs)).toFixed(0)} ms (user + system)`);
  out(`   peak RSS of the full bundle: ${list(all.map((r) => r.rssMb))} MB`);
  // the servers run on this machine: what the whole bundle costs, spread over every core, is a floor for it
  const workMs = median(allCpu);
  const floorMs = workMs / cpus().length;
  const oxdoctorMs = median(all.map((r) => r.cpuMs));
  out(
    `   CPU floor: the bundle of every host kept this machine busy for ${workMs.toFixed(0)} CPU-ms (idle ` +
      `background removed): oxdoctor ${oxdoctorMs.toFixed(0)}, the servers, sshd and their commands the rest; ` +
      `on ${cpus().length} cores nothing finishes it in under ${floorMs.toFixed(0)} ms; the bar is ` +
      `${(RATIO_BAR * slowestMs).toFixed(0)} ms${floorMs > RATIO_BAR * slowestMs ? ': not reachable on this machine' : ''}`,
  );
  const ratio = allMs / slowestMs;
  verdict(
    ratio <= RATIO_BAR,
    `every host ${allMs.toFixed(0)} ms = ${ratio.toFixed(2)}x the slowest alone (${slowest} ${slowestMs.toFixed(0)} ms)` +
      ` (bar ${RATIO_BAR}x)`,
  );

  // b. sos report on server B, in its namespace
  const sosStarted = performance.now();
  lab(
    'serverb',
    'sh',
    '-c',
    `rm -rf ${SOS_DIR} && mkdir -p ${SOS_DIR} && sos report --batch --tmp-dir ${SOS_DIR} >/dev/null 2>&1`,
  );
  const sosMs = performance.now() - sosStarted;
  const sosBytes = Number(lab('serverb', 'sh', '-c', `cat ${SOS_DIR}/sosreport-*.tar.xz | wc -c`).trim());
  lab('serverb', 'rm', '-rf', SOS_DIR);
  out();
  out(
    `b. sos report --batch on serverb (in its namespace: one host, sos's own plugins): ${sosMs.toFixed(0)} ms, ` +
      `${(sosBytes / 1024).toFixed(0)} KiB; oxdoctor bundle --host serverb ${median(alone.serverb!).toFixed(0)} ms, ` +
      `every host ${allMs.toFixed(0)} ms`,
  );

  // c. peak RSS with a 1 GiB maillog in the window
  if (lab('serverb', 'sh', '-c', `test -e ${BIG} && echo yes || echo no`).trim() !== 'no')
    throw new Error(`serverb:${BIG} exists: not planting over it`);
  planted = true;
  const line =
    "$(date -d '1 hour ago' '+%b %e %H:%M:%S') serverb postfix/smtpd[4242]: connect from mail.example.net[192.0.2.7]";
  const writeStarted = performance.now();
  lab('serverb', 'sh', '-c', `yes "${line}" | head -c ${GIB} > ${BIG}`);
  const writeMs = performance.now() - writeStarted;
  const big = await bundle(['--since', '1d']);
  const item = big.manifest.items.find((i) => i.host === 'serverb' && i.path === BIG);
  out();
  out(
    `c. 1 GiB ${BIG} on serverb (written in ${writeMs.toFixed(0)} ms), bundle of every host --since 1d: ` +
      `${big.ms.toFixed(0)} ms, exit ${big.code}, archive ${(big.bytes / 2 ** 20).toFixed(1)} MiB; the file: ` +
      `${item ? `${(item.size / 2 ** 20).toFixed(1)} MiB kept, truncated ${item.truncated}` : 'not in the manifest'}`,
  );
  verdict(item?.truncated === true, `the 1 GiB maillog is capped and marked truncated`);
  verdict(big.rssMb < RSS_BAR_MB, `peak RSS ${big.rssMb.toFixed(0)} MB with the 1 GiB maillog (bar ${RSS_BAR_MB} MB)`);
} finally {
  if (planted) lab('serverb', 'rm', '-f', BIG);
  rmSync(dir, { recursive: true, force: true });
}
out(`load at the end ${list(loadavg(), 1)}`);
process.exitCode = verdicts.every(Boolean) ? 0 : 1;
