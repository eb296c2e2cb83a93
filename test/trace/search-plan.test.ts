// planSearches: which files each group of a host's terms is read in, and from where.
import { describe, expect, it } from 'vitest';
import type { LogFile, LogSource } from '../../src/logs/types.js';
import { planSearches } from '../../src/trace/search-plan.js';

const maillog: LogSource = { host: 'relay', source: 'maillog', kind: 'syslog', path: '/var/log/maillog' };
const messages: LogSource = { host: 'relay', source: 'messages', kind: 'syslog', path: '/var/log/messages' };
const file = (source: LogSource, path: string): LogFile => ({
  source,
  path,
  size: 1000,
  mtimeMs: 0,
  gzip: path.endsWith('.gz'),
  rotated: path !== source.path,
});
// listFiles' order: each source's oldest first
const files = [
  file(maillog, '/var/log/maillog.2.gz'),
  file(maillog, '/var/log/maillog.1'),
  file(maillog, '/var/log/maillog'),
  file(messages, '/var/log/messages.1'),
  file(messages, '/var/log/messages'),
];
const paths = (fs: readonly LogFile[]): string[] => fs.map((f) => f.path);

describe('planSearches', () => {
  it('without floors: one search of every file', () => {
    expect(planSearches(files, ['A1', 'msgid@x'], new Map())).toEqual([{ files, terms: ['A1', 'msgid@x'] }]);
    expect(planSearches(files, ['A1'], undefined)).toEqual([{ files, terms: ['A1'] }]);
  });

  it('floored terms from the earliest floor on in their source, the rest whole, other sources whole', () => {
    const floors = new Map([
      ['B2', { source: maillog.path, file: 1, offset: 500 }],
      ['(123-01)', { source: maillog.path, file: 1, offset: 300 }],
      ['msgid@x', null],
    ]);
    const plan = planSearches(files, ['B2', '(123-01)', 'msgid@x'], floors);
    expect(plan.map((p) => [paths(p.files), p.terms, p.startAt])).toEqual([
      [['/var/log/maillog.1', '/var/log/maillog'], ['B2', '(123-01)'], new Map([['/var/log/maillog.1', 300]])],
      [['/var/log/maillog.2.gz', '/var/log/maillog.1', '/var/log/maillog'], ['msgid@x'], undefined],
      [['/var/log/messages.1', '/var/log/messages'], ['B2', '(123-01)', 'msgid@x'], undefined],
    ]);
  });

  it('a floor at a file start reads that file whole and skips the older ones; a floor naming no file is none', () => {
    const floors = new Map([
      ['B2', { source: maillog.path, file: 2, offset: 0 }],
      ['C3', { source: messages.path, file: 2, offset: 10 }], // file 2 is not of messages: no floor
    ]);
    const plan = planSearches(files, ['B2', 'C3'], floors);
    expect(plan.map((p) => [paths(p.files), p.terms, p.startAt])).toEqual([
      [['/var/log/maillog'], ['B2'], undefined],
      [['/var/log/maillog.2.gz', '/var/log/maillog.1', '/var/log/maillog'], ['C3'], undefined],
      [['/var/log/messages.1', '/var/log/messages'], ['B2', 'C3'], undefined],
    ]);
  });
});
