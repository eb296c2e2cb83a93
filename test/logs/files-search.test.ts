// listFiles and searchFiles with this machine's own sh, stat, grep and gzip (the LocalTransport runs the same
// script the SSH transport sends), on scratch copies of logs with rotations.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesOfListing, listFiles, LIST_SCRIPT } from '../../src/logs/files.js';
import { grepAnchor } from '../../src/logs/search-anchor.js';
import { MAX_LINE_BYTES } from '../../src/logs/search-frame.js';
import { type FoundLine, searchFiles, SEARCH_SCRIPT, type SearchOptions } from '../../src/logs/search.js';
import type { LogFile, LogSource, RawLine } from '../../src/logs/types.js';
import { LocalTransport } from '../../src/transport/local.js';

const transport = new LocalTransport('here');
let dir: string;
const DAY = 86_400_000;
const NOW = Math.floor(Date.now() / 1000) * 1000;

function put(name: string, text: string | Buffer, ageDays: number): string {
  const file = path.join(dir, name);
  writeFileSync(file, name.endsWith('.gz') ? gzipSync(text) : text);
  utimesSync(file, (NOW - ageDays * DAY) / 1000, (NOW - ageDays * DAY) / 1000);
  return file;
}

function source(name: string, file: string): LogSource {
  return { host: 'here', source: name, kind: 'syslog', path: path.join(dir, file) };
}

async function collect(files: readonly LogFile[], fixed?: readonly string[]): Promise<RawLine[]> {
  const out: RawLine[] = [];
  for await (const batch of searchFiles(transport, files, fixed ? { fixed } : {})) out.push(...batch);
  return out;
}

const line = (id: string, text: string): string => `Dec  6 10:00:00 relay postfix/qmgr[1]: ${id}: ${text}`;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'oxdoctor-h3-'));
  put('maillog', `${line('AAA111', 'from=<a@x>')}\n${line('BBB222', 'removed')}\n${line('AAA111', 'removed')}`, 0);
  put('maillog.1', `${line('CCC333', 'from=<c@x>')}\n`, 1);
  put('maillog.2.gz', `${line('AAA111', 'old, compressed')}\n${line('DDD444', 'other')}\n`, 2);
  put('maillog-20261130.gz', `${line('EEE555', 'dateext, older')}\n`, 4);
  put('maillog-20261201', `${line('FFF666', 'dateext')}\n`, 3);
  put('maillog.bz2', 'not ours\n', 5);
  put('maillogx', 'another log\n', 0);
  put('open-xchange.log.0', 'live ox\n', 0);
  put('open-xchange.log.1', 'older ox\n', 1);
  put('open-xchange.log.2', 'oldest ox\n', 2);
  put("it's $(touch PWNED); `touch PWNED2`", `${line('GGG777', 'odd name')}\n`, 0);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('listFiles', () => {
  it('lists the live file and every rotation, oldest first, with size, mtime and gzip', async () => {
    const files = await listFiles(transport, [source('maillog', 'maillog'), source('ox', 'open-xchange.log.0')]);
    expect(files.map((f) => [path.basename(f.path), f.rotated, f.gzip, (NOW - f.mtimeMs) / DAY])).toEqual([
      ['maillog-20261130.gz', true, true, 4],
      ['maillog-20261201', true, false, 3],
      ['maillog.2.gz', true, true, 2],
      ['maillog.1', true, false, 1],
      ['maillog', false, false, 0],
      ['open-xchange.log.2', true, false, 2],
      ['open-xchange.log.1', true, false, 1],
      ['open-xchange.log.0', false, false, 0],
    ]);
    expect(files.find((f) => f.path.endsWith('/maillog.1'))?.size).toBe(line('CCC333', 'from=<c@x>').length + 1);
  });

  it('reads a path of quotes, $(...) and backticks as a name, never as shell syntax', async () => {
    const odd = "it's $(touch PWNED); `touch PWNED2`";
    const files = await listFiles(transport, [source('odd', odd)]);
    expect(files.map((f) => path.basename(f.path))).toEqual([odd]);
    expect(existsSync(path.join(dir, 'PWNED')) || existsSync('PWNED') || existsSync('PWNED2')).toBe(false);
  });

  it('parses wc -c output (leading blanks) as stat output', () => {
    const s = { host: 'h', source: 'maillog', kind: 'syslog', path: '/var/log/maillog' } as const;
    expect(filesOfListing('   1234 1765000000 /var/log/maillog\n10 1764900000 /var/log/maillog.1.gz\n', [s])).toEqual([
      { source: s, path: '/var/log/maillog.1.gz', size: 10, mtimeMs: 1764900000000, gzip: true, rotated: true },
      { source: s, path: '/var/log/maillog', size: 1234, mtimeMs: 1765000000000, gzip: false, rotated: false },
    ]);
  });

  it('gives nothing for a source with no file', async () => {
    expect(await listFiles(transport, [source('gone', 'no-such-log')])).toEqual([]);
  });
});

describe('searchFiles', () => {
  let files: LogFile[];
  const live = (): LogFile => files.at(-1)!; // the plain live file: a template for scratch ones
  beforeAll(async () => {
    files = await listFiles(transport, [source('maillog', 'maillog')]);
  });

  it('finds a queue id in the live and the .gz files and nothing else, each line with its file', async () => {
    const found = await collect(files, ['AAA111']);
    expect(found.map((l) => [path.basename(l.path), l.text])).toEqual([
      ['maillog.2.gz', line('AAA111', 'old, compressed')],
      ['maillog', line('AAA111', 'from=<a@x>')],
      ['maillog', line('AAA111', 'removed')],
    ]);
    const gz = files.find((f) => f.path.endsWith('.2.gz'));
    expect(found[0]?.fileMtimeMs).toBe(gz?.mtimeMs);
    expect(found[0]?.source.source).toBe('maillog');
  });

  it('without literals gives every line of every file, the last one without its newline too', async () => {
    const found = await collect(files);
    expect(found).toHaveLength(8);
    expect(found.at(-1)?.text).toBe(line('AAA111', 'removed'));
  });

  it('takes any of several literals', async () => {
    const found = await collect(files, ['CCC333', 'EEE555']);
    expect(found.map((l) => l.text)).toEqual([line('EEE555', 'dateext, older'), line('CCC333', 'from=<c@x>')]);
  });

  it('searches a literal starting with "-" literally, and hostile literals find nothing and run nothing', async () => {
    put('hostile', `-e AAA111\n'; touch ${dir}/PWNED3; '\nplain\n`, 0);
    const hostile = [{ ...live(), path: path.join(dir, 'hostile') }];
    expect((await collect(hostile, ['-e AAA111'])).map((l) => l.text)).toEqual(['-e AAA111']);
    expect(await collect(hostile, [`'; touch ${dir}/PWNED4; '`, '$(touch PWNED5)', '`touch PWNED6`'])).toEqual([]);
    for (const n of ['PWNED3', 'PWNED4', 'PWNED5', 'PWNED6']) expect(existsSync(path.join(dir, n))).toBe(false);
  });

  it('takes 20,000 literals (260 KB, more than one argument may hold) through stdin', async () => {
    const many = Array.from({ length: 20_000 }, (_, i) => `Q${String(i).padStart(11, '0')}`);
    const found = await collect(files, [...many, 'DDD444']);
    expect(found.map((l) => l.text)).toEqual([line('DDD444', 'other')]);
  });

  it("throws the caller's abort instead of ending as if the files were read", async () => {
    const abort = new AbortController();
    const read = async () => {
      for await (const batch of searchFiles(transport, files, { signal: abort.signal })) {
        if (batch.length > 0) abort.abort(new Error('stopped by the user'));
      }
    };
    await expect(read()).rejects.toThrow('stopped by the user');
  });

  it('finds nothing when every literal holds a newline (no line can)', async () => {
    expect(await collect(files, ['AAA111\nremoved'])).toEqual([]);
  });

  it('reports a file that went away (rotated since listing) and searches the others', async () => {
    const gone = { ...live(), path: path.join(dir, 'maillog.9') };
    const errors: string[] = [];
    const out: RawLine[] = [];
    for await (const b of searchFiles(transport, [gone, ...files], {
      fixed: ['AAA111'],
      onError: (e) => errors.push(e.message),
    }))
      out.push(...b);
    expect(out).toHaveLength(3);
    expect(errors.join('\n')).toMatch(/maillog\.9: No such file/);
    await expect(collect([gone], ['x'])).rejects.toThrow(/maillog\.9/);
  });

  it("gives each line's byte offset, and reads a file from a given offset on (plain and .gz)", async () => {
    const text = `${line('AAA111', 'first')}\n${line('BBB222', 'x')}\n${line('AAA111', 'second')}\n`;
    const second = text.lastIndexOf(line('AAA111', 'second'));
    const plain = { ...live(), path: put('offsets', text, 0) };
    const gz = { ...live(), path: put('offsets.gz', text, 0), gzip: true };
    const search = async (options: Partial<SearchOptions>): Promise<FoundLine[]> => {
      const out: FoundLine[] = [];
      for await (const b of searchFiles(transport, [gz, plain], { fixed: ['AAA111'], ...options })) out.push(...b);
      return out;
    };
    const all = await search({ offsets: true });
    expect(all.map((l) => [l.offset, l.text])).toEqual([
      [0, line('AAA111', 'first')],
      [second, line('AAA111', 'second')],
      [0, line('AAA111', 'first')],
      [second, line('AAA111', 'second')],
    ]);
    expect(all.every((l) => text.startsWith(l.text, l.offset))).toBe(true);
    const startAt = new Map([gz, plain].map((f) => [f.path, second]));
    const from = await search({ offsets: true, startAt });
    expect(from.map((l) => [path.basename(l.path), l.offset, l.text])).toEqual([
      ['offsets.gz', second, line('AAA111', 'second')],
      ['offsets', second, line('AAA111', 'second')],
    ]);
    // without offsets the lines are as before, the start still taken
    expect((await search({ startAt })).map((l) => [l.offset, l.text])).toEqual([
      [undefined, line('AAA111', 'second')],
      [undefined, line('AAA111', 'second')],
    ]);
    // a plain file now shorter than the start (rotated since it was read) is read from its start
    const short = { ...plain, path: put('offsets-short', `${line('AAA111', 'new file')}\n`, 0) };
    const out: FoundLine[] = [];
    const past = new Map([[short.path, second]]);
    for await (const b of searchFiles(transport, [short], { fixed: ['AAA111'], offsets: true, startAt: past }))
      out.push(...b);
    expect(out.map((l) => [l.offset, l.text])).toEqual([[0, line('AAA111', 'new file')]]);
  });

  it('gives grep a queue id ending in digits cut after its last letter, keeps the lines with all of it', async () => {
    expect(grepAnchor('9E3D715B20')).toBe('9E3D715B');
    expect(grepAnchor('4dK2pT0yqHz3')).toBe('4dK2pT0yqHz');
    // kept whole: too short once cut, digits only, no digits at the end, not ASCII
    for (const kept of ['AAA111', 'ABCDEF1234', '1234567890', '(26417-02)', 'h4fx1796609692-in@example.com'])
      expect(grepAnchor(kept)).toBe(kept);
    expect(grepAnchor('ÄBCDEFGHIJ12')).toBe('ÄBCDEFGHIJ12');
    const text = [line('9E3D715B20', 'a'), line('9E3D715B21', 'b'), `x 9E3D715B2 y`, line('9E3D715B20', 'c')].join(
      '\n',
    );
    const f = [{ ...live(), path: put('anchored', `${text}\n`, 0) }];
    expect((await collect(f, ['9E3D715B20'])).map((l) => l.text)).toEqual([
      line('9E3D715B20', 'a'),
      line('9E3D715B20', 'c'),
    ]);
  });

  it('keeps the first MiB of a longer line (memory stays bounded) and the lines after it whole', async () => {
    put('long', `${'y'.repeat(3 * MAX_LINE_BYTES)}\nnext\n`, 0);
    const found = await collect([{ ...live(), path: path.join(dir, 'long') }]);
    expect(found.map((l) => l.text.length)).toEqual([MAX_LINE_BYTES, 4]);
    expect(found[1]?.text).toBe('next');
  });

  it('is not fooled by a log line that looks like a frame', async () => {
    put('framed', '0123456789abcdef0123456789abcdef 0 end 0\nafter\n', 0);
    const f = [{ ...live(), path: path.join(dir, 'framed') }];
    expect((await collect(f)).map((l) => l.text)).toEqual(['0123456789abcdef0123456789abcdef 0 end 0', 'after']);
  });

  it('streams a big file in bounded memory and ends the command when the consumer stops early', async () => {
    const big = path.join(dir, 'big');
    // 192 MiB of 128-byte lines
    execFileSync('sh', ['-c', `yes '${'x'.repeat(127)}' | head -c ${192 * 1024 * 1024} > "$1"`, 'sh', big]);
    const bigFile = [{ ...live(), path: big, size: 192 * 1024 * 1024 }];
    const before = process.memoryUsage().rss;
    let peak = before;
    let lines = 0;
    for await (const batch of searchFiles(transport, bigFile)) {
      lines += batch.length;
      if (lines % 65536 < batch.length) peak = Math.max(peak, process.memoryUsage().rss);
    }
    expect(lines).toBe((192 * 1024 * 1024) / 128);
    expect(peak - before).toBeLessThan(100 * 1024 * 1024);
    let seen = 0;
    for await (const batch of searchFiles(transport, bigFile)) {
      seen += batch.length;
      if (seen > 1000) break;
    }
    await new Promise((r) => setTimeout(r, 300));
    const left = execFileSync('ps', ['-eo', 'args'])
      .toString()
      .split('\n')
      .filter((a) => a.includes(big));
    expect(left).toEqual([]);
  }, 60_000);
});

// RHEL5's /bin/sh is bash 3, Debian's dash: both scripts must say the same under each.
describe.each(['bash', 'dash'])('the scripts under %s', (shell) => {
  it('lists and searches as sh does', async () => {
    const base = path.join(dir, 'maillog');
    const listed = (s: string) => transport.exec([s, '-c', LIST_SCRIPT, 'sh', base]);
    expect((await listed(shell)).stdout).toBe((await listed('sh')).stdout);
    const second = line('AAA111', 'from=<a@x>').length + 1; // where the live file's second line starts
    const args = ['N', 'p', base, 'g', `${base}.2.gz`, `pb${second}`, base, 'gb100', `${base}.2.gz`, 'p99999', base];
    const searched = (s: string) => transport.exec([s, '-c', SEARCH_SCRIPT, 'sh', ...args], { stdin: 'AAA111\n-e x' });
    const out = (await searched(shell)).stdout;
    expect(out).toBe((await searched('sh')).stdout);
    expect(out.split('\n').filter((l) => l.startsWith('N '))).toEqual([
      'N 0',
      'N 0 end 0',
      'N 1',
      'N 1 end 0',
      `N 2 ${second}`,
      'N 2 end 0',
      'N 3 100',
      'N 3 end 1',
      'N 4',
      'N 4 end 0',
    ]);
    // from the live file's second line on: its third (AAA111 removed), its offset counted from there
    const third = `${line('BBB222', 'removed').length + 1}:${line('AAA111', 'removed')}`;
    expect(out.split('\n').filter((l) => /^\d+:/.test(l))).toEqual([third]);
  });
});
