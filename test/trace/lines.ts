// Test helper: log files as oxdoctor's parser reads them (parseLogLine), for the trace engine's tests.
import { readFileSync } from 'node:fs';
import { parseLogLine } from '../../src/logs/parse-line.js';
import type { LogLine } from '../../src/logs/types.js';
import { HostAddressBook } from '../../src/trace/address-book.js';

// The lab's hosts and Exchange, as test/lab/oxdoctor.yaml configures them (servera holds the cluster's VIP).
export const labBook = new HostAddressBook(
  [
    { host: 'relay', addresses: ['127.0.10.1'] },
    { host: 'servera', addresses: ['127.0.10.2'] },
    { host: 'servera2', addresses: ['127.0.10.3', '127.0.10.2'] },
    { host: 'serverb', addresses: ['127.0.10.4'] },
  ],
  [{ name: 'Exchange', address: '127.0.10.20' }],
);

export function linesOf(host: string, text: string, fileMtimeMs: number): LogLine[] {
  return text
    .split('\n')
    .filter((t) => t !== '')
    .map((t) => parseLogLine(t, { host, source: 'maillog', kind: 'syslog', fileMtimeMs, utcOffsetMinutes: 0 }));
}

// fixtures/DIR/HOST.maillog for each host, as if read on the day of `mtime`.
export function fixtureLines(dir: string, hosts: readonly string[], mtime = Date.UTC(2026, 11, 7, 3)): LogLine[] {
  return hosts.flatMap((h) => {
    const text = readFileSync(new URL(`fixtures/${dir}/${h}.maillog`, import.meta.url), 'utf8');
    return linesOf(h, text, mtime);
  });
}
