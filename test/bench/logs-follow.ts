// Bar 3: three hosts' files written at RATE lines/s each (logs-writer.ts) and followed over SSH (H2's followFiles,
// one reader per host), the lines parsed per file (LogLineParser) and merged (LogMerger, drained as `logs -f`
// drains it). Latency of each line from its write to its delivery by the reader and to its exit from the merged
// stream, p50/p99; lines lost or duplicated by sequence number; the readers' CPU on each host per 10,000 lines:
// the tree of the SSH session that runs the reader (logs-proc.ts), from /proc (the lab's hosts are namespaces of
// this machine), also while nothing is written (the cost of polling alone).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { followFiles, type Follower } from '../../src/logs/follow.js';
import { LogLineParser } from '../../src/logs/line-parser.js';
import { LogMerger } from '../../src/logs/merge.js';
import type { LogSource, RawLine } from '../../src/logs/types.js';
import { BENCH_DIR } from './logs-data.js';
import { openLab, runChild } from './logs-lab.js';
import { sessionCpuMs } from './logs-proc.js';

export const FOLLOW_HOSTS = ['relay', 'servera', 'serverb'] as const;

export interface FollowFigures {
  readonly rate: number;
  readonly seconds: number;
  readonly windowMs: number;
  readonly written: Record<string, number>;
  readonly delivered: Record<string, number>;
  readonly lost: Record<string, number>;
  readonly duplicated: Record<string, number>;
  readonly deliveryMs: { p50: number; p99: number; max: number };
  readonly streamMs: { p50: number; p99: number; max: number };
  readonly pollMs: number | undefined; // the readers' poll interval (undefined: followFiles' default)
  readonly readerCpuMs: Record<string, number>; // the SSH session's tree per host, while the writers ran
  readonly spanMs: number; // how long that was (the writers' 20 s and the last lines' arrival)
  readonly readerIdleMsPerS: Record<string, number>; // the same while nothing was written (polling alone)
  readonly clientCpuMs: number; // this process (readers' output decoded, parsed, merged) while the writers ran
}

const now = (): number => performance.timeOrigin + performance.now();

function percentiles(values: Float64Array, n: number): { p50: number; p99: number; max: number } {
  const sorted = values.slice(0, n).sort();
  const at = (q: number): number => sorted[Math.min(n - 1, Math.floor(q * n))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), max: sorted[n - 1] ?? NaN };
}

export async function benchFollow(
  rate: number,
  seconds: number,
  windowMs: number,
  pollMs?: number,
): Promise<FollowFigures> {
  const dir = `${BENCH_DIR}/follow`;
  mkdirSync(dir, { recursive: true });
  const sources: LogSource[] = FOLLOW_HOSTS.map((host) => {
    const path = `${dir}/${host}.log`;
    writeFileSync(path, '');
    return { host, source: 'bench', kind: 'syslog', path };
  });
  const lab = await openLab();
  const total = rate * seconds * FOLLOW_HOSTS.length;
  const delivery = new Float64Array(total * 2);
  const stream = new Float64Array(total * 2);
  let nDelivery = 0;
  let nStream = 0;
  const seen = new Map<string, Uint8Array>(FOLLOW_HOSTS.map((h) => [h, new Uint8Array(rate * seconds)]));
  const delivered: Record<string, number> = {};
  const duplicated: Record<string, number> = {};
  const merger = new LogMerger({ windowMs });
  const sentOf = (text: string): number => Number(/ sent=([\d.]+)/.exec(text)?.[1]);
  const drain = (lines: readonly { raw: string }[]): void => {
    const t = now();
    for (const l of lines) stream[nStream++] = t - sentOf(l.raw);
  };
  const followers: Follower[] = [];
  try {
    await Promise.all(FOLLOW_HOSTS.map((h) => lab.transport(h).ensureConnected()));
    const helperPids = FOLLOW_HOSTS.map((h) => helperPid(lab.transport(h).info().helper));
    for (const [i, host] of FOLLOW_HOSTS.entries()) {
      const parser = new LogLineParser({ host, source: 'bench', kind: 'syslog', utcOffsetMinutes: 0 });
      const seq = seen.get(host)!;
      const onLines = (raws: RawLine[]): void => {
        const t = now();
        for (const raw of raws) {
          delivery[nDelivery++] = t - sentOf(raw.text);
          const n = Number(/ seq=(\d+)/.exec(raw.text)?.[1]);
          if (seq[n]) duplicated[host] = (duplicated[host] ?? 0) + 1;
          seq[n] = 1;
          delivered[host] = (delivered[host] ?? 0) + 1;
          merger.push(parser.push(raw));
        }
      };
      // From the start: the files are empty until the writer begins, so no line falls before a reader's start.
      const options = { fromStart: true, ...(pollMs === undefined ? {} : { pollMs }) };
      followers.push(followFiles(lab.transport(host), [sources[i]!], onLines, options));
    }
    await new Promise((r) => setTimeout(r, 1000)); // every reader runs
    const idle0 = helperPids.map((pid) => sessionCpuMs(pid));
    await new Promise((r) => setTimeout(r, 2000)); // the readers poll with nothing to read
    const idleMs = helperPids.map((pid, i) => (sessionCpuMs(pid) - idle0[i]!) / 2);
    const writing = helperPids.map((pid) => sessionCpuMs(pid));
    const client0 = process.cpuUsage();
    const started = performance.now();
    const timer = setInterval(() => drain(merger.drain(now())), 50); // live-stream's tick
    const args = [String(rate), String(seconds), ...sources.map((s) => `${s.host}=${s.path}`)];
    const written = await runChild<Record<string, number>>('logs-writer', args);
    await new Promise((r) => setTimeout(r, 1500)); // the last lines arrive
    const tree1 = helperPids.map((pid) => sessionCpuMs(pid));
    const client = process.cpuUsage(client0);
    const span = performance.now() - started;
    clearInterval(timer);
    drain(merger.flushAll());
    const lost: Record<string, number> = {};
    for (const host of FOLLOW_HOSTS) lost[host] = seen.get(host)!.reduce((n, v) => n + (v ? 0 : 1), 0);
    const { wallMs: _, ...writtenPerHost } = written;
    return {
      rate,
      seconds,
      windowMs,
      written: writtenPerHost,
      delivered,
      lost,
      duplicated,
      deliveryMs: percentiles(delivery, nDelivery),
      streamMs: percentiles(stream, nStream),
      pollMs,
      readerCpuMs: Object.fromEntries(FOLLOW_HOSTS.map((h, i) => [h, tree1[i]! - writing[i]!])),
      spanMs: span,
      readerIdleMsPerS: Object.fromEntries(FOLLOW_HOSTS.map((h, i) => [h, idleMs[i]!])),
      clientCpuMs: (client.user + client.system) / 1000,
    };
  } finally {
    for (const f of followers) f.stop();
    await Promise.allSettled(followers.map((f) => f.done));
    await lab.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// The remote helper's pid from the transport's info ("running (remote pid N)"): the lab's hosts share this
// machine's pid namespace.
function helperPid(helper: string | undefined): number {
  const pid = Number(/remote pid (\d+)/.exec(helper ?? '')?.[1]);
  if (!pid) throw new Error(`no remote helper pid (${helper ?? 'no helper'})`);
  return pid;
}
