// Test helper: real log lines (corpus files, read in place) parsed by the real line parser, as the live stream
// hands them to the log pane.
import { parseLogLine } from '../../src/logs/parse-line.js';
import type { LogLine } from '../../src/logs/types.js';
import { corpusText } from '../logs/corpus-lines.js';

const MTIME = Date.UTC(2026, 11, 31, 23, 59, 59);

export function logLine(raw: string, host = 'relay', source = 'maillog'): LogLine {
  return parseLogLine(raw, { host, source, kind: 'syslog', fileMtimeMs: MTIME, utcOffsetMinutes: 0 });
}

// The corpus file's lines that contain `needle`, parsed (comments and blank lines left out).
export function corpusLogLines(path: string, needle: string | RegExp, host = 'relay'): LogLine[] {
  return corpusText(path)
    .split('\n')
    .filter((l) => !l.startsWith('#') && l.trim() !== '')
    .filter((l) => (typeof needle === 'string' ? l.includes(needle) : needle.test(l)))
    .map((l) => logLine(l, host));
}

// n numbered lines of a host, as a busy maillog would send them.
export function numberedLines(n: number, host = 'relay', from = 0): LogLine[] {
  return Array.from({ length: n }, (_, i) =>
    logLine(`Dec  7 02:14:48 ${host} postfix/smtpd[100]: connect from client${from + i}[10.0.0.1]`, host),
  );
}
