// Bar 1: searching the 1 GiB maillog for one queue id, side by side in rounds: `grep -F ID FILE` alone on the
// host (in the host's own locale and in LC_ALL=C, the one oxdoctor's search script sets; into a pipe: GNU grep
// stops at the first match when its output is /dev/null), and oxdoctor end to end
// (a fresh node process: start, SSH connect, list, search, parse; logs-search-run.ts), with its peak RSS.
import type { BenchData } from './logs-data.js';
import { openLab, runChild, timedOnHost } from './logs-lab.js';

export interface SearchFigures {
  readonly bytes: number;
  readonly cacheLoadMs: number; // reading the file once on the host (into the page cache)
  readonly grepMs: number[]; // host-side time of grep -F alone, the host's locale
  readonly grepCpuMs: number[]; // its CPU (user + system)
  readonly grepCMs: number[]; // the same under LC_ALL=C
  readonly grepCCpuMs: number[];
  readonly grepLines: number;
  readonly oxdoctorMs: number[]; // end to end: the child's wall time
  readonly searchMs: number[]; // its search alone (connection open, file listed)
  readonly connectMs: number[];
  readonly loadMs: number[]; // node's start and the modules
  readonly hostCpuMs: number[]; // the search's CPU on the host (helper, sh, grep, sshd session)
  readonly clientCpuMs: number[]; // the search's CPU in oxdoctor's process
  readonly totalCpuMs: number[]; // oxdoctor's process and its SSH session on the host, start to exit
  readonly rssMb: number[];
  readonly matched: number;
  readonly received: number;
  readonly locale: string;
}

interface RunFigures {
  readonly loadMs: number;
  readonly hostCpuMs: number;
  readonly clientCpuMs: number;
  readonly totalCpuMs: number;
  readonly connectMs: number;
  readonly searchMs: number;
  readonly bytes: number;
  readonly received: number;
  readonly matched: number;
  readonly rssMb: number;
}

export async function benchSearch(data: BenchData, rounds: number): Promise<SearchFigures> {
  const lab = await openLab();
  const relay = lab.transport('relay');
  const file = data.files.relay;
  const id = data.plantedIds[0]!;
  try {
    const load = await timedOnHost(relay, 'cat -- "$1" >/dev/null', [file]);
    const locale = (await relay.exec(['sh', '-c', 'locale | sed -n "s/^LC_CTYPE=//p"'])).stdout.trim();
    const f: SearchFigures = {
      bytes: data.size,
      cacheLoadMs: load.hostMs,
      grepMs: [],
      grepCpuMs: [],
      grepCMs: [],
      grepCCpuMs: [],
      grepLines: 0,
      oxdoctorMs: [],
      searchMs: [],
      connectMs: [],
      loadMs: [],
      hostCpuMs: [],
      clientCpuMs: [],
      totalCpuMs: [],
      rssMb: [],
      matched: 0,
      received: 0,
      locale: locale || 'unset',
    };
    for (let i = 0; i < rounds; i++) {
      const g = await timedOnHost(relay, 'grep -F -e "$1" -- "$2" | wc -l', [id, file]);
      f.grepMs.push(g.hostMs);
      f.grepCpuMs.push(g.cpuMs);
      (f as { grepLines: number }).grepLines = Number(g.stdout.trim());
      const c = await timedOnHost(relay, 'LC_ALL=C grep -F -e "$1" -- "$2" | wc -l', [id, file]);
      f.grepCMs.push(c.hostMs);
      f.grepCCpuMs.push(c.cpuMs);
      const r = await runChild<RunFigures>('logs-search-run', ['relay', file, id]);
      f.oxdoctorMs.push(r.wallMs);
      f.searchMs.push(r.searchMs);
      f.connectMs.push(r.connectMs);
      f.loadMs.push(r.loadMs);
      f.hostCpuMs.push(r.hostCpuMs);
      f.clientCpuMs.push(r.clientCpuMs);
      f.totalCpuMs.push(r.totalCpuMs);
      f.rssMb.push(r.rssMb);
      Object.assign(f, { matched: r.matched, received: r.received });
    }
    return f;
  } finally {
    await lab.close();
  }
}

export const gbPerS = (bytes: number, ms: number): number => bytes / 1e9 / (ms / 1000);
