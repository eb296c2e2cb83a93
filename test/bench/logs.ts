// Issue 16's bars for logs and trace, side by side with what a shell user has on the same host in the same run:
//   1. search of a 1 GiB maillog for one queue id, end to end >= 1 GB/s (beside `grep -F` alone), RSS < 100 MB;
//   2. `trace` of one message in it < 2 s (beside pflogsumm, which reads the whole file);
//   3. follow: 3 hosts writing 10,000 lines/s each, write -> stream p99 < 300 ms; the readers' host CPU.
// The data (logs-data.ts) is written once under /var/tmp/oxdoctor-bench (the lab hosts see it), without the lock;
// each bar then takes the lab lock for itself (about 30-60 s each).
// Run: npm run build && npm run bench:logs
//   BENCH_ROUNDS=N (3)  BENCH_LOGS_SIZE=bytes (1 GiB)  BENCH_LOGS_KEEP=1 keeps the data for the next run
//   BENCH_LOGS_BARS=search,trace,follow  BENCH_FOLLOW_RATE=10000 BENCH_FOLLOW_SECONDS=20 BENCH_FOLLOW_WINDOW=ms
//   BENCH_PFLOGSUMM=0 skips pflogsumm (~20 s)  BENCH_LOCKED=1 when the caller already holds /tmp/oxdoctor-lab.lock
import { cpus, loadavg } from 'node:os';
import { ensureData, removeData } from './logs-data.js';
import type { FollowFigures } from './logs-follow.js';
import { out, runChild } from './logs-lab.js';
import { gbPerS, type SearchFigures } from './logs-search.js';
import type { TraceFigures } from './logs-trace.js';
import { median } from './measure.js';

const SIZE = Number(process.env.BENCH_LOGS_SIZE ?? 2 ** 30);
const BARS = (process.env.BENCH_LOGS_BARS ?? 'search,trace,follow').split(',');
const SEARCH_BAR_GBS = 1;
const RSS_BAR_MB = 100;
const TRACE_BAR_MS = 2000;
const FOLLOW_P99_BAR_MS = 300;
const verdicts: boolean[] = [];
const verdict = (pass: boolean, text: string): void => {
  verdicts.push(pass);
  out(`${pass ? 'PASS' : 'FAIL'}  ${text}`);
};
const list = (values: readonly number[], digits = 0): string => values.map((v) => v.toFixed(digits)).join(' ');
const row = (cells: readonly string[]): string => cells.map((c, i) => (i ? c.padStart(10) : c.padEnd(46))).join('  ');

out(`logs bench: ${cpus().length} cores, load average ${list(loadavg(), 1)} at the start (the machine is shared)`);
const started = performance.now();
const { data, reused } = ensureData(SIZE);
out(
  `data: ${data.files.relay} ${(data.size / 2 ** 30).toFixed(2)} GiB, ${data.lines.toLocaleString('en')} lines from ` +
    `${data.templates} corpus lines (${data.corpusIds} queue ids, fresh on each pass), times over the last 24 h; ` +
    `${reused ? 'reused from an earlier run' : `written in ${((performance.now() - started) / 1000).toFixed(1)} s`}` +
    `; planted: ${data.plantedIds.join(' ')} <${data.messageId}>`,
);

try {
  if (BARS.includes('search')) {
    const s = await runChild<SearchFigures>('logs-bar', ['search'], true);
    const gb = data.size / 1e9;
    out();
    out(`bar 1, search of ${gb.toFixed(2)} GB for ${data.plantedIds[0]} on relay (median of ${s.grepMs.length}):`);
    out(row(['', 'wall ms', 'GB/s', 'CPU ms', 'runs (wall ms)']));
    const line = (name: string, ms: readonly number[], cpu: readonly number[] | undefined): void =>
      out(
        row([
          name,
          median(ms).toFixed(0),
          gbPerS(data.size, median(ms)).toFixed(2),
          cpu ? median(cpu).toFixed(0) : '',
          list(ms),
        ]),
      );
    line(`grep -F alone on the host (LC_CTYPE ${s.locale})`, s.grepMs, s.grepCpuMs);
    line('LC_ALL=C grep -F alone on the host', s.grepCMs, s.grepCCpuMs);
    line('oxdoctor end to end (node start..exit)', s.oxdoctorMs, s.totalCpuMs);
    line(
      '  its search (connected, file listed)',
      s.searchMs,
      s.hostCpuMs.map((h, i) => h + s.clientCpuMs[i]!),
    );
    out(
      `  its start: node and modules ${list(s.loadMs)} ms, SSH connect and helper ${list(s.connectMs)} ms; ` +
        `search CPU on the host ${list(s.hostCpuMs)} ms, in oxdoctor ${list(s.clientCpuMs)} ms`,
    );
    out(
      `  first read of the file on the host ${s.cacheLoadMs.toFixed(0)} ms; grep found ${s.grepLines} lines, ` +
        `oxdoctor received ${s.received} and matched ${s.matched}; peak RSS ${list(s.rssMb)} MB`,
    );
    out(
      `  CPU floor (the CPU each run spent, one piece after another on a free core): grep alone ` +
        `${gbPerS(data.size, median(s.grepCpuMs)).toFixed(2)} GB/s, oxdoctor end to end ` +
        `${gbPerS(data.size, median(s.totalCpuMs)).toFixed(2)} GB/s (its process and SSH session, start to exit); ` +
        `the wall times are stretched by the shared machine's load (load average now ${list(loadavg(), 1)})`,
    );
    const e2e = gbPerS(data.size, median(s.oxdoctorMs));
    verdict(e2e >= SEARCH_BAR_GBS, `search end to end ${e2e.toFixed(2)} GB/s (bar ${SEARCH_BAR_GBS} GB/s)`);
    verdict(
      Math.max(...s.rssMb) < RSS_BAR_MB,
      `search peak RSS ${Math.max(...s.rssMb).toFixed(0)} MB (bar ${RSS_BAR_MB})`,
    );
    verdict(s.matched > 0 && s.matched === s.grepLines, `search matched the ${s.grepLines} lines grep finds`);
  }
  if (BARS.includes('trace')) {
    const t = await runChild<TraceFigures>('logs-bar', ['trace'], true);
    const gib = (data.size / 2 ** 30).toFixed(2);
    out();
    out(`bar 2, trace ${data.plantedIds[0]} (relay's ${gib} GiB maillog, A's and B's small ones):`);
    out(row(['', 'wall ms', 'CPU ms', 'runs (wall ms)']));
    const traceCpu = median(t.cpuMs).toFixed(0);
    out(row(['oxdoctor trace end to end (node start..exit)', median(t.traceMs).toFixed(0), traceCpu, list(t.traceMs)]));
    out(row(['pflogsumm FILE on the host', t.pflogsummMs?.toFixed(0) ?? '-', '', t.pflogsummNote]));
    out(`  searches: ${t.rounds.join('; ')}`);
    out(
      `  CPU floor: the trace's CPU (its process and the SSH sessions on the 3 hosts, start to exit) ` +
        `${traceCpu} ms (last run: oxdoctor ${t.clientCpuMs.toFixed(0)} ms, ` +
        `${Object.entries(t.hostCpuMs)
          .map(([h, ms]) => `${h} ${ms.toFixed(0)} ms`)
          .join(', ')}); load average now ${list(loadavg(), 1)}`,
    );
    out(
      `  ${t.hops} hops on ${t.hosts.join(', ')}; exit ${t.exitCode}; ends: ${t.ends.join('; ')}; ` +
        `RSS ${list(t.rssMb)} MB`,
    );
    verdict(median(t.traceMs) < TRACE_BAR_MS, `trace ${median(t.traceMs).toFixed(0)} ms (bar ${TRACE_BAR_MS} ms)`);
    verdict(t.exitCode === 0 && t.hosts.length === 3, `trace follows the message to its end on relay, A and B`);
  }
  if (BARS.includes('follow')) {
    const f = await runChild<FollowFigures>('logs-bar', ['follow'], true);
    const hosts = Object.keys(f.written);
    out();
    out(
      `bar 3, follow: ${hosts.length} hosts x ${f.rate} lines/s for ${f.seconds} s, ` +
        `merged with a ${f.windowMs} ms window:`,
    );
    out(row(['', 'p50 ms', 'p99 ms', 'max ms']));
    const ms = (p: { p50: number; p99: number; max: number }): string[] =>
      [p.p50, p.p99, p.max].map((v) => v.toFixed(0));
    out(row(['write -> delivered by the reader', ...ms(f.deliveryMs)]));
    out(row(['write -> out of the merged stream', ...ms(f.streamMs)]));
    out(row(['', 'written', 'lost', 'dup', 'reader CPU', 'per 10k', 'idle /s', 'less idle']));
    for (const h of hosts) {
      const lines = (f.delivered[h] ?? 0) / 10_000;
      const idle = f.readerIdleMsPerS[h]!;
      const net = f.readerCpuMs[h]! - (idle * f.spanMs) / 1000;
      out(
        row([
          h,
          String(f.written[h]),
          String(f.lost[h] ?? 0),
          String(f.duplicated[h] ?? 0),
          `${f.readerCpuMs[h]!.toFixed(0)} ms`,
          `${(f.readerCpuMs[h]! / lines).toFixed(1)} ms`,
          `${idle.toFixed(1)} ms`,
          `${(net / lines).toFixed(1)} ms`,
        ]),
      );
    }
    const span = (f.spanMs / 1000).toFixed(1);
    out(
      `  reader CPU: the host's SSH session tree (sshd session, remote helper, the sh reader and its ` +
        `ls/tail/head/dd), /proc, over ${span} s; per 10k: per 10,000 lines delivered; idle /s: the same ` +
        `per second of polling with nothing written (poll ${f.pollMs ?? 'default 200'} ms); less idle: per 10,000 ` +
        `lines without the polling`,
    );
    out(`  oxdoctor's process (decode, parse, merge): ${f.clientCpuMs.toFixed(0)} ms CPU for all hosts' lines`);
    const lossless = hosts.every((h) => !f.lost[h] && !f.duplicated[h]);
    verdict(lossless, 'follow: no line lost or duplicated');
    verdict(
      f.streamMs.p99 < FOLLOW_P99_BAR_MS,
      `follow write -> stream p99 ${f.streamMs.p99.toFixed(0)} ms (bar ${FOLLOW_P99_BAR_MS} ms)`,
    );
  }
} finally {
  if (process.env.BENCH_LOGS_KEEP === '1') out(`data kept in ${data.files.relay} (BENCH_LOGS_KEEP=1)`);
  else removeData();
}
out(`load average at the end ${list(loadavg(), 1)}`);
process.exitCode = verdicts.every(Boolean) ? 0 : 1;
