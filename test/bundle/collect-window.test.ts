// The log window of the bundle: a file cut to --since/--until line by line as it streams, and the rotated files
// whose time span meets the window.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { filesInWindow, logEntryPath, READ_LOG_SCRIPT } from '../../src/bundle/collect/logs.js';
import { firstTime, PROBE_BYTES, unpackedSize, untilOffset } from '../../src/bundle/collect/until-offset.js';
import { lineTimer, windowFilter, type LogWindow } from '../../src/bundle/collect/window.js';
import { LocalTransport } from '../../src/transport/local.js';
import type { LogFile, LogSource } from '../../src/logs/types.js';

const T = (hhmm: string): number => Date.UTC(2026, 11, 7, Number(hhmm.slice(0, 2)), Number(hhmm.slice(3, 5)));
const line = (hhmm: string, text: string): string => `Dec  7 ${hhmm}:00 relay postfix/smtpd[1]: ${text}\n`;
const ctx = { host: 'relay', source: 'maillog', kind: 'syslog' as const, fileMtimeMs: T('23:00'), utcOffsetMinutes: 0 };

async function cut(text: string, window: LogWindow, options: { dropFirst?: boolean } = {}, chunk = 7) {
  const f = windowFilter(window, ctx, options);
  const pieces: Buffer[] = [];
  for (let i = 0; i < text.length; i += chunk) pieces.push(Buffer.from(text.slice(i, i + chunk), 'latin1'));
  const out: Buffer[] = [];
  for await (const c of Readable.from(pieces).pipe(f.stream)) out.push(c as Buffer);
  return { text: Buffer.concat(out).toString('latin1'), stats: f.stats };
}

describe('windowFilter', () => {
  const log =
    line('03:00', 'old one') +
    '  an untimed continuation of the old line\n' +
    line('04:00', 'old two') +
    line('05:00', 'inside one') +
    '  an untimed continuation inside\n' +
    line('06:00', 'inside two') +
    line('07:00', 'after one') +
    line('08:00', 'far after');

  it('keeps the lines from --since on, continuation lines going with the line before, in small chunks', async () => {
    const r = await cut(log, { since: T('04:30') });
    expect(r.text).toBe(
      line('05:00', 'inside one') +
        '  an untimed continuation inside\n' +
        line('06:00', 'inside two') +
        line('07:00', 'after one') +
        line('08:00', 'far after'),
    );
    expect(r.stats).toEqual({ before: 3, after: 0, kept: 5 });
  });

  it('with --until, leaves out the lines after it and stops reading far past it', async () => {
    const r = await cut(log, { since: T('04:30'), until: T('06:30') });
    expect(r.text).toBe(
      line('05:00', 'inside one') + '  an untimed continuation inside\n' + line('06:00', 'inside two'),
    );
    expect(r.stats.kept).toBe(3);
    expect(r.stats.after).toBe(1); // 07:00 seen (past the slack: the file ends there), 08:00 never read
  });

  it('drops the partial first line of a tail, and a last line without a newline is kept', async () => {
    const tail = 'ial line cut by tail -c with 05:00 in it\n' + line('05:10', 'a') + line('05:20', 'b').trimEnd();
    const r = await cut(tail, { since: T('05:00') }, { dropFirst: true }, 1000);
    expect(r.text).toBe(line('05:10', 'a') + line('05:20', 'b').trimEnd());
  });

  it('passes bytes that are not UTF-8 through unchanged', async () => {
    const bytes = line('05:00', 'caf\xe9 \xff');
    const r = await cut(bytes, { since: T('04:00') });
    expect(Buffer.from(r.text, 'latin1')).toEqual(Buffer.from(bytes, 'latin1'));
  });
});

describe('filesInWindow', () => {
  const source: LogSource = { host: 'relay', source: 'maillog', kind: 'syslog', path: '/var/log/maillog' };
  const file = (path: string, mtime: number, gzip = false): LogFile => ({
    source,
    path,
    size: 100,
    mtimeMs: mtime,
    gzip,
    rotated: path !== source.path,
  });
  // oldest first, as listFiles gives them
  const files = [
    file('/var/log/maillog.3.gz', T('01:00'), true),
    file('/var/log/maillog.2.gz', T('03:00'), true),
    file('/var/log/maillog.1', T('05:00')),
    file('/var/log/maillog', T('07:00')),
  ];

  it('leaves out files last written before --since (with a margin for clocks)', () => {
    expect(filesInWindow(files, { since: T('03:05') }).map((f) => f.path)).toEqual([
      '/var/log/maillog.2.gz',
      '/var/log/maillog.1',
      '/var/log/maillog',
    ]);
    expect(filesInWindow(files, { since: T('03:30') }).map((f) => f.path)).toEqual([
      '/var/log/maillog.1',
      '/var/log/maillog',
    ]);
  });

  it('leaves out files begun (the previous rotation last written) after --until', () => {
    expect(filesInWindow(files, { since: T('00:00'), until: T('02:00') }).map((f) => f.path)).toEqual([
      '/var/log/maillog.3.gz',
      '/var/log/maillog.2.gz',
    ]);
  });

  it('names an unpacked .gz without its suffix under <host>/logs/', () => {
    expect(logEntryPath('relay', files[0]!)).toBe('relay/logs/var/log/maillog.3');
    expect(logEntryPath('relay', files[3]!)).toBe('relay/logs/var/log/maillog');
  });
});

describe("READ_LOG_SCRIPT (this machine's sh, tail and gzip)", () => {
  const dir = mkdtempSync(join(tmpdir(), 'oxdoctor-read-log-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const body = Array.from({ length: 2000 }, (_, i) => line('05:00', `line ${i}`)).join('');
  const read = (mode: 'p' | 'g', path: string, cap: number) =>
    execFileSync('sh', ['-c', READ_LOG_SCRIPT, 'sh', mode, path, String(cap)], { encoding: 'latin1' });

  it('gives a file under the cap whole, and of a bigger one its last cap bytes', () => {
    const path = join(dir, 'maillog');
    writeFileSync(path, body);
    expect(read('p', path, body.length)).toBe(body);
    expect(read('p', path, 1000)).toBe(body.slice(-1000));
  });

  it('unpacks a .gz on the host and gives its last cap bytes', () => {
    const path = join(dir, 'maillog.1.gz');
    writeFileSync(path, gzipSync(body));
    expect(read('g', path, 10 * body.length)).toBe(body);
    expect(read('g', path, 1000)).toBe(body.slice(-1000));
  });

  it('takes a path that looks like an option or holds spaces and quotes as a path', () => {
    const path = join(dir, "-n 1 'x' log");
    writeFileSync(path, body);
    expect(read('p', path, 500)).toBe(body.slice(-500));
  });
});

describe('--until in a log bigger than its cap (this machine: LocalTransport, sh, tail, head)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oxdoctor-until-'));
  const transport = new LocalTransport('local');
  afterAll(async () => {
    await transport.close();
    rmSync(dir, { recursive: true, force: true });
  });
  // 3 hours of lines, 20 a minute: 03:00 .. 05:59
  const minute = (m: number) => `${String(3 + Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const lines = Array.from({ length: 180 * 20 }, (_, i) => line(minute(Math.floor(i / 20)), `n${i} ${'x'.repeat(60)}`));
  const body = lines.join('');
  const path = join(dir, 'maillog');
  writeFileSync(path, body);
  const timeOf = lineTimer(ctx);

  it('finds where the lines after --until begin, within one probe', async () => {
    const until = T('04:30') + 59_000; // the last line stamped 04:30 is the last one kept
    const end = await untilOffset(transport, path, body.length, until, timeOf);
    const boundary = body.indexOf('Dec  7 04:31:00');
    expect(boundary).toBeGreaterThan(0);
    expect(end).toBeGreaterThanOrEqual(boundary);
    expect(end - boundary).toBeLessThanOrEqual(PROBE_BYTES);
    expect(await untilOffset(transport, path, body.length, T('07:00'), timeOf)).toBe(body.length);
    expect(await untilOffset(transport, path, body.length, T('01:00'), timeOf)).toBeLessThanOrEqual(PROBE_BYTES);
  });

  it('reads the cap bytes before that offset, so the window keeps its newest lines', () => {
    const read = (cap: number, end: number) =>
      execFileSync('sh', ['-c', READ_LOG_SCRIPT, 'sh', 'p', path, String(cap), String(end)], { encoding: 'latin1' });
    expect(read(1000, 5000)).toBe(body.slice(4000, 5000));
    expect(read(10_000, 5000)).toBe(body.slice(0, 5000));
  });

  it("does the same in a gzip'd file, unpacked on the host", async () => {
    const gz = join(dir, 'maillog.1.gz');
    writeFileSync(gz, gzipSync(body));
    expect(await unpackedSize(transport, gz)).toBe(body.length);
    const until = T('04:30') + 59_000;
    const end = await untilOffset(transport, gz, body.length, until, timeOf, undefined, true);
    const boundary = body.indexOf('Dec  7 04:31:00');
    expect(end).toBeGreaterThanOrEqual(boundary);
    expect(end - boundary).toBeLessThanOrEqual(PROBE_BYTES);
    const read = (cap: number, at: number) =>
      execFileSync('sh', ['-c', READ_LOG_SCRIPT, 'sh', 'g', gz, String(cap), String(at)], { encoding: 'latin1' });
    expect(read(1000, 5000)).toBe(body.slice(4000, 5000));
    expect(read(10_000, 5000)).toBe(body.slice(0, 5000));
    await expect(unpackedSize(transport, join(dir, 'missing.gz'))).rejects.toThrow(/unpacking .*missing\.gz failed/);
  });

  it('takes the first stamped whole line of a probe', () => {
    expect(firstTime(`tial line\n  untimed\n${line('05:00', 'a')}`, true, timeOf)).toBe(T('05:00'));
    expect(firstTime('no newline at all', true, timeOf)).toBeUndefined();
    expect(firstTime(line('05:00', 'a'), false, timeOf)).toBe(T('05:00'));
  });
});
