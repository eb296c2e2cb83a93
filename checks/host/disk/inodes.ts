// host/disk's inode side: `df -P -i` rows, and the step that judges a file system's free inodes (a log or
// spool file system full of small files refuses new ones while df -k still shows space).
import type { Step } from '../../../src/core/result.js';
import { evaluate } from '../../../src/core/thresholds.js';

export interface InodeRow {
  readonly inodes: number;
  readonly used: number;
  readonly free: number;
}

// "Filesystem Inodes IUsed IFree IUse% Mounted on"; file systems that keep no inode count (btrfs, vfat,
// some NFS) print 0 or "-": they are left out, keyed by mount point.
export function parseDfInodes(stdout: string): Map<string, InodeRow> {
  const rows = new Map<string, InodeRow>();
  for (const line of stdout.split('\n').slice(1)) {
    const m = /^(.*?)\s+(\d+|-)\s+(\d+|-)\s+(\d+|-)\s+(\d+%|-)\s+(\/.*)$/.exec(line.trim());
    if (!m?.[6] || !/^\d+$/.test(m[2] ?? '') || Number(m[2]) === 0) continue;
    rows.set(m[6], { inodes: Number(m[2]), used: Number(m[3]), free: Number(m[4]) });
  }
  return rows;
}

export function inodeStep(
  mount: string,
  row: InodeRow,
  holds: string,
  firstPath: string,
  limits: { warn: string; crit: string },
): { step: Step; freePct: number } {
  const freePct = Math.round((row.free / row.inodes) * 1000) / 10;
  const status = evaluate(freePct, limits.warn, limits.crit);
  const summary = `${mount} has ${freePct}% of its inodes free (${row.free} of ${row.inodes}; holds ${holds}; expected at least ${limits.warn.replace(/:$/, '')}%): new files fail there once none is left`;
  const step: Step = {
    name: `${mount} inodes`,
    status,
    summary,
    ...(status === 'ok'
      ? {}
      : {
          hint: `find what holds the files on ${mount} (find ${firstPath} -xdev -type f | cut -d/ -f1-4 | sort | uniq -c | sort -n | tail), remove old logs or queue files; a tmpfs can be remounted with more nr_inodes`,
        }),
  };
  return { step, freePct };
}
