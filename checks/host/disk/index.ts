// host/disk: free space on the file systems that hold the mail queue, the IMAP spool, logs and the OX filestore.
import type { Check } from '../../../src/core/check.js';
import { fromSteps, unknown, type Metric, type Step } from '../../../src/core/result.js';
import { evaluate } from '../../../src/core/thresholds.js';
import { thresholds } from '../../../src/checkkit/thresholds.js';
import { diskPaths } from './paths.js';
import { inodeStep, parseDfInodes } from './inodes.js';

const INODES_MARKER = '@@oxdoctor-inodes';
// df -P -i is in POSIX's df of RHEL5's coreutils 5.97 and busybox alike.
const DF_SCRIPT = `df -P -k "$@"; echo ${INODES_MARKER}; df -P -i "$@"`;

export interface DfRow {
  readonly filesystem: string;
  readonly totalKb: number;
  readonly usedKb: number;
  readonly availKb: number;
  readonly mount: string;
}

export const diskCheck: Check = {
  id: 'host/disk',
  title: 'Disk space',
  roles: 'all',
  proves:
    'the file systems of the postfix queue_directory, the cyrus partitions of imapd.conf, /var/log and the OX filestore have free space and free inodes left',
  catches: [
    'a file system of the queue, the cyrus spool, /var/log or the OX filestore nearly full (free % under disk.freePercent)',
    'a file system out of inodes while it has space left (free inodes under disk.freeInodesPercent)',
  ],
  misses: [
    'a quota of the cyrus user or an OX filestore quota (not checked; quota -u cyrus, OX admin tools)',
    'paths other than the queue, cyrus partitions, /var/log and the filestore (df -P on the host)',
    'a df hanging on a dead NFS mount is UNKNOWN, not a verdict on the space (mount; df -P -l)',
    'how fast a file system fills (one sample per sweep; graph the perfdata)',
  ],
  timeoutMs: 10_000,
  async run(ctx) {
    const wanted = await diskPaths(ctx);
    // Bytes and inodes in one round trip: a file system out of inodes refuses new files with space left.
    const r = await ctx.exec(['sh', '-c', DF_SCRIPT, 'sh', ...wanted.map((p) => p.path)]);
    if (r.timedOut)
      return unknown(`df did not finish on ${ctx.host.name} in time (a hung NFS mount?)`, {
        hint: 'check mounts with `mount` and `df -P -k -l`',
      });
    // df names the paths it cannot stat on stderr and prints rows for the others, in order.
    const present = wanted.filter(
      (p) => !(r.stderr.includes(`${p.path}'`) || r.stderr.includes(`${p.path}:`) || r.stderr.includes(`${p.path}’`)),
    );
    const [bytesOut = '', inodesOut = ''] = r.stdout.split(`${INODES_MARKER}\n`);
    const rows = parseDf(bytesOut);
    const inodes = parseDfInodes(inodesOut);
    if (rows.length === 0 || rows.length !== present.length) {
      return unknown(
        `cannot read df output on ${ctx.host.name} (exit ${r.code}, ${rows.length} rows for ${present.length} paths)`,
      );
    }
    const limits = thresholds(ctx, 'disk.freePercent', { warn: '15:', crit: '5:' });
    const inodeLimits = thresholds(ctx, 'disk.freeInodesPercent', { warn: '15:', crit: '5:' });
    // Several paths often share one file system: report each mount once, naming what it holds.
    const byMount = new Map<string, { row: DfRow; paths: string[] }>();
    rows.forEach((row, i) => {
      const entry = byMount.get(row.mount) ?? { row, paths: [] };
      const p = present[i];
      entry.paths.push(p ? `${p.path} (${p.what})` : row.mount);
      byMount.set(row.mount, entry);
    });
    const steps: Step[] = [];
    const metrics: Metric[] = [];
    let tightest: { pct: number; summary: string } | undefined;
    for (const { row, paths } of byMount.values()) {
      const size = row.usedKb + row.availKb;
      const freePct = size > 0 ? Math.round((row.availKb / size) * 1000) / 10 : 0;
      const status = evaluate(freePct, limits.warn, limits.crit);
      const holds = paths.join(', ');
      const summary = `${row.mount} has ${freePct}% free (${human(row.availKb)} of ${human(size)}; holds ${holds}; expected at least ${limits.warn.replace(/:$/, '')}%)`;
      if (!tightest || freePct < tightest.pct) tightest = { pct: freePct, summary };
      steps.push({
        name: row.mount,
        status,
        summary,
        ...(status === 'ok'
          ? {}
          : {
              hint: `free space on ${row.mount}: look at ${holds} (du -xsk ${paths[0]?.split(' (')[0] ?? row.mount}/* | sort -n | tail), old logs and the deferred queue`,
            }),
      });
      metrics.push({
        label: `${row.mount} free`,
        value: freePct,
        unit: '%',
        warn: limits.warn,
        crit: limits.crit,
        min: 0,
        max: 100,
      });
      metrics.push({ label: `${row.mount} avail`, value: row.availKb * 1024, unit: 'B', min: 0, max: size * 1024 });
      const files = inodes.get(row.mount);
      if (files) {
        const { step, freePct: inodesFree } = inodeStep(
          row.mount,
          files,
          holds,
          paths[0]?.split(' (')[0] ?? row.mount,
          inodeLimits,
        );
        steps.push(step);
        metrics.push({
          label: `${row.mount} inodes free`,
          value: inodesFree,
          unit: '%',
          warn: inodeLimits.warn,
          crit: inodeLimits.crit,
          min: 0,
          max: 100,
        });
      }
    }
    const summary = steps.every((s) => s.status === 'ok')
      ? `${byMount.size === 1 ? '1 file system has' : `${byMount.size} file systems have`} enough free space and inodes; tightest: ${tightest?.summary ?? ''}`
      : undefined;
    return fromSteps(steps, { metrics, ...(summary ? { summary } : {}) });
  },
};

// `df -P -k`: "Filesystem 1024-blocks Used Available Capacity Mounted on", one line per path.
export function parseDf(stdout: string): DfRow[] {
  const rows: DfRow[] = [];
  for (const line of stdout.split('\n').slice(1)) {
    const m = /^(.*?)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)%\s+(\/.*)$/.exec(line.trim());
    if (!m) continue;
    rows.push({
      filesystem: m[1] ?? '',
      totalKb: Number(m[2]),
      usedKb: Number(m[3]),
      availKb: Number(m[4]),
      mount: m[6] ?? '',
    });
  }
  return rows;
}

function human(kb: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = kb;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v >= 10 || i === 0 ? 0 : 1)} ${units[i]}`;
}
