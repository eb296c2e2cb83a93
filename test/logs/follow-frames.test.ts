// The follow reader's framing taken apart (src/logs/follow-frames.ts), on the exact bytes follow-script.ts
// writes: split anywhere, with noise before the first frame, and the reader's void and gap frames.
import { describe, expect, it } from 'vitest';
import { FollowDecoder, type FollowEvent } from '../../src/logs/follow-frames.js';
import type { LogSource, RawLine } from '../../src/logs/types.js';

const NONCE = '0123456789abcdef0123456789abcdef';
const SOURCES: LogSource[] = [
  { host: 'relay', source: 'maillog', kind: 'syslog', path: '/var/log/maillog' },
  { host: 'relay', source: 'cron', kind: 'syslog', path: '/var/log/cron' },
];

function data(idx: number, gen: number, path: string, bytes: string, verdict = 'ok'): string {
  return `${NONCE} D ${idx} ${gen} ${path}\n${bytes}\n${NONCE} E ${Buffer.byteLength(bytes)} ${verdict}\n`;
}

function decode(stream: string, pieces: 'whole' | 'bytes' = 'whole'): { lines: RawLine[]; events: FollowEvent[] } {
  const events: FollowEvent[] = [];
  const decoder = new FollowDecoder(NONCE, SOURCES, (e) => events.push(e));
  const buf = Buffer.from(stream);
  const lines: RawLine[] = [];
  if (pieces === 'whole') lines.push(...decoder.push(buf));
  else for (let i = 0; i < buf.length; i++) lines.push(...decoder.push(buf.subarray(i, i + 1)));
  lines.push(...decoder.flushAll());
  return { lines, events };
}

const texts = (lines: readonly RawLine[]): string[] => lines.map((l) => `${l.source.source}|${l.path}|${l.text}`);

describe('FollowDecoder', () => {
  const stream =
    'Welcome to RHEL5 (a login banner)\n' +
    data(1, 1, '/var/log/maillog', 'Dec  7 02:00:01 relay postfix/smtpd[1]: connect\nDec  7 02:00:02 rel') +
    `${NONCE} H\n` +
    data(2, 2, '/var/log/cron', 'Dec  7 02:00:03 relay crond[9]: job\n') +
    data(1, 1, '/var/log/maillog', 'ay postfix/smtpd[1]: disconnect\n') +
    `${NONCE} G 1 /var/log/maillog was rotated away and is gone\n`;

  it('gives whole lines per file, joining a line split across frames, and skips output before the first frame', () => {
    const { lines, events } = decode(stream);
    expect(texts(lines)).toEqual([
      'maillog|/var/log/maillog|Dec  7 02:00:01 relay postfix/smtpd[1]: connect',
      'cron|/var/log/cron|Dec  7 02:00:03 relay crond[9]: job',
      'maillog|/var/log/maillog|Dec  7 02:00:02 relay postfix/smtpd[1]: disconnect',
    ]);
    expect(events).toEqual([
      { kind: 'beat' }, // the heartbeat, which the follower takes as "ready" the first time
      { kind: 'gap', source: SOURCES[0], text: '/var/log/maillog was rotated away and is gone' },
    ]);
  });

  it('gives the same lines when the stream arrives one byte at a time', () => {
    expect(texts(decode(stream, 'bytes').lines)).toEqual(texts(decode(stream).lines));
  });

  it('ends a content stream on F: the rotated file last line goes out whole without its newline', () => {
    const s =
      data(1, 3, '/var/log/maillog.1', 'last line, no newline') +
      `${NONCE} F 1 3\n` +
      data(1, 4, '/var/log/maillog', 'new\n');
    const decoder = new FollowDecoder(NONCE, SOURCES, () => {});
    expect(texts(decoder.push(Buffer.from(s)))).toEqual([
      'maillog|/var/log/maillog.1|last line, no newline',
      'maillog|/var/log/maillog|new',
    ]);
  });

  it('drops a void frame (truncated while read) and puts back the partial line it had extended', () => {
    const s =
      data(1, 1, '/var/log/maillog', 'one\ntw') +
      data(1, 1, '/var/log/maillog', 'WRONG BYTES\nfrom the new content\n', 'void') +
      data(1, 1, '/var/log/maillog.1', 'o\nthree\n');
    const { lines, events } = decode(s);
    expect(lines.map((l) => l.text)).toEqual(['one', 'two', 'three']);
    expect(events).toEqual([]);
  });

  it('a line carrying a frame header without the nonce is data, and a count that does not match is reported', () => {
    const fake = 'deadbeef E 3 ok\n0000 D 2 9 /etc/shadow';
    const s = `${NONCE} D 1 1 /var/log/maillog\n${fake}\n\n${NONCE} E 1 ok\n`; // 1: not the bytes sent
    const { lines, events } = decode(s);
    expect(lines.map((l) => l.text)).toEqual(fake.split('\n'));
    expect(events.map((e) => e.kind)).toEqual(['protocol']);
  });
});
