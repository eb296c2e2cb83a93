// The part of a host's logs user/activity reads: the live file of each syslog source of the mail stack (maillog,
// and where saslauthd and pam write: messages, secure), from TAIL_BYTES before its end, so a multi-gigabyte
// maillog costs what its tail costs. Rotated files are not read.
import type { LogFile, LogSource } from '../../logs/types.js';

export const TAIL_BYTES = 32 * 1024 * 1024;

export function activitySources(sources: readonly LogSource[]): LogSource[] {
  return sources.filter((s) => s.kind === 'syslog' && !/^cron/.test(s.source));
}

export interface LogWindow {
  readonly files: readonly LogFile[]; // the live files
  readonly startAt: ReadonlyMap<string, number>; // path -> first byte read (absent: from the start)
}

export function logWindow(files: readonly LogFile[], tailBytes = TAIL_BYTES): LogWindow {
  const live = files.filter((f) => !f.rotated && !f.gzip);
  const startAt = new Map<string, number>();
  for (const f of live) if (f.size > tailBytes) startAt.set(f.path, f.size - tailBytes);
  return { files: live, startAt };
}

// "maillog (last 32 MB of 1.2 GB), messages" for summaries and evidence.
export function describeWindow(w: LogWindow): string {
  return w.files
    .map((f) => {
      const start = w.startAt.get(f.path);
      return start === undefined ? f.path : `${f.path} (last ${mb(f.size - start)} of ${mb(f.size)})`;
    })
    .join(', ');
}

const mb = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MB`;
