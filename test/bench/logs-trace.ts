// Bar 2: `trace` of the planted message in the 1 GiB maillog (logs-trace-run.ts, a fresh node process each
// round), side by side with pflogsumm, which reads the whole file, run on the same host over the same SSH
// (the lab hosts see this machine's /usr/sbin/pflogsumm and perl).
import type { BenchData } from './logs-data.js';
import { BENCH_DIR } from './logs-data.js';
import { openLab, runChild, timedOnHost } from './logs-lab.js';

export interface TraceFigures {
  readonly pflogsummMs?: number; // host-side time, once (it takes ~20 s); undefined when it is not on the host
  readonly pflogsummNote: string;
  readonly traceMs: number[]; // end to end: the child's wall time
  readonly cpuMs: number[]; // its process and its SSH sessions on the hosts, start to exit
  readonly rssMb: number[];
  readonly rounds: readonly string[]; // collectTrace's search rounds (the last run's)
  readonly clientCpuMs: number; // the last run's CPU in its own process (node's start included)
  readonly hostCpuMs: Record<string, number>; // and in each host's SSH session
  readonly exitCode: number;
  readonly hops: number;
  readonly hosts: readonly string[];
  readonly ends: readonly string[];
}

interface RunFigures {
  readonly rounds: string[];
  readonly hostCpuMs: number[];
  readonly clientCpuMs: number;
  readonly exitCode: number;
  readonly hops: number;
  readonly hosts: string[];
  readonly ends: string[];
  readonly rssMb: number;
}

export async function benchTrace(data: BenchData, rounds: number): Promise<TraceFigures> {
  const lab = await openLab();
  const relay = lab.transport('relay');
  const figures = { traceMs: [] as number[], cpuMs: [] as number[], rssMb: [] as number[] };
  let last: RunFigures | undefined;
  try {
    for (let i = 0; i < rounds; i++) {
      const r = await runChild<RunFigures>('logs-trace-run', [`${BENCH_DIR}/meta.json`]);
      figures.traceMs.push(r.wallMs);
      figures.rssMb.push(r.rssMb);
      figures.cpuMs.push(r.clientCpuMs + r.hostCpuMs.reduce((a, b) => a + b, 0));
      last = r;
    }
    let pflogsummMs: number | undefined;
    let pflogsummNote = '';
    const which = await relay.exec(['sh', '-c', 'command -v pflogsumm || ls /usr/sbin/pflogsumm']);
    if (process.env.BENCH_PFLOGSUMM === '0') pflogsummNote = 'not run (BENCH_PFLOGSUMM=0)';
    else if (which.code === 0) {
      const p = await timedOnHost(relay, 'pflogsumm -- "$1" | wc -l', [data.files.relay], 300_000);
      pflogsummMs = p.hostMs;
      pflogsummNote = `${which.stdout.trim()} on relay, ${p.stdout.trim()} lines of report`;
    } else pflogsummNote = 'pflogsumm is not on the relay host';
    return {
      ...figures,
      ...(pflogsummMs === undefined ? {} : { pflogsummMs }),
      pflogsummNote,
      rounds: last!.rounds,
      clientCpuMs: last!.clientCpuMs,
      hostCpuMs: Object.fromEntries(['relay', 'servera', 'serverb'].map((h, i) => [h, last!.hostCpuMs[i] ?? 0])),
      exitCode: last!.exitCode,
      hops: last!.hops,
      hosts: last!.hosts,
      ends: last!.ends,
    };
  } finally {
    await lab.close();
  }
}
