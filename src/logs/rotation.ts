// Which files on a host belong to a log source: the live file and its rotations, as logrotate names them
// (maillog.1, maillog.2.gz, maillog-20261206, maillog-20261206.gz) and as OX 6's java.util.logging and OX 7's
// logback do (open-xchange.log.0 is the live file, .1 .. .N the older ones).
import type { LogSource } from './types.js';

// The name the rotations of a source start with: "open-xchange.log" for the live "open-xchange.log.0".
export function rotationBase(source: LogSource): string {
  return source.path.endsWith('.0') ? source.path.slice(0, -2) : source.path;
}

export interface RotationName {
  readonly rotated: boolean;
  readonly gzip: boolean;
  // Higher is older among the rotations of one source: .N counts, a date counts backwards from far ahead.
  readonly age: number;
}

// undefined: the file is not one of the source's (another log's rotation, a .bz2, a logrotate leftover).
export function rotationOf(source: LogSource, path: string): RotationName | undefined {
  if (path === source.path) return { rotated: false, gzip: false, age: 0 };
  const base = rotationBase(source);
  if (!path.startsWith(base)) return undefined;
  const m = /^(?:\.(\d{1,4})|-(\d{8,10}))(\.gz)?$/.exec(path.slice(base.length));
  if (!m) return undefined;
  const gzip = m[3] !== undefined;
  if (m[1] !== undefined) return { rotated: true, gzip, age: Number(m[1]) + 1 }; // logrotate's `start 0`: .0
  // -YYYYMMDD (or dateformat's -%Y%m%d%H): the older the date, the higher the age.
  return { rotated: true, gzip, age: 1e10 - Number((m[2] ?? '').slice(0, 8)) };
}
