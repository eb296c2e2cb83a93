import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TarGzWriter } from '../../src/bundle/tar-gz.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'oxdoctor-tar-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// Unpacks with the system's tar (GNU tar) and returns the directory.
function untar(archive: string): string {
  const out = join(dir, 'out');
  execFileSync('mkdir', ['-p', out]);
  execFileSync('tar', ['-xzf', archive, '-C', out]);
  return out;
}

const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

describe('TarGzWriter', () => {
  it('writes an archive GNU tar unpacks: short, long (pax), non-ASCII and empty names, mode 0600', async () => {
    const archive = join(dir, 'b.tar.gz');
    const tar = await TarGzWriter.create(archive);
    const longName = `relay/${'d'.repeat(120)}/${'f'.repeat(150)}.log`;
    const entries: [string, string][] = [
      ['relay/etc/postfix/main.cf', 'relayhost = [127.0.10.2]:10025\n'],
      [longName, 'long\n'],
      ['servera/opt/open-xchange/etc/gruppé.properties', 'ü\n'],
      ['servera/empty', ''],
    ];
    await tar.addDirectory({ name: 'relay' });
    for (const [name, text] of entries) {
      const added = await tar.addBuffer({ name }, text);
      expect(added).toEqual({ name, size: Buffer.byteLength(text), sha256: sha(text), truncated: false });
    }
    const done = await tar.close();
    expect(done.bytes).toBe(statSync(archive).size);
    expect(statSync(archive).mode & 0o777).toBe(0o600);
    const out = untar(archive);
    for (const [name, text] of entries) expect(readFileSync(join(out, name), 'utf8')).toBe(text);
    expect(statSync(join(out, 'relay/etc/postfix/main.cf')).mode & 0o777).toBe(0o600);
    const listing = execFileSync('tar', ['-tzf', archive], { encoding: 'utf8' }).trim().split('\n');
    expect(listing).toEqual(['relay/', ...entries.map(([n]) => n)]);
  });

  it('spools an entry of unknown size past the memory limit to a temporary file, and leaves none behind', async () => {
    const archive = join(dir, 'b.tar.gz');
    const spoolDir = join(dir, 'spool');
    execFileSync('mkdir', ['-p', spoolDir]);
    const tar = await TarGzWriter.create(archive, { memoryLimit: 1000, spoolDir });
    const data = Buffer.alloc(300_000, 'abcdefgh\n');
    const added = await tar.addStream({ name: 'h/cmd/ps.txt' }, Readable.from([data.subarray(0, 7), data.subarray(7)]));
    expect(added).toEqual({ name: 'h/cmd/ps.txt', size: data.length, sha256: sha(data), truncated: false });
    await tar.close();
    expect(readdirSync(spoolDir)).toEqual([]);
    expect(readFileSync(join(untar(archive), 'h/cmd/ps.txt'))).toEqual(data);
  });

  it('reads a spooled entry back in one reused buffer without mixing its chunks up', async () => {
    const archive = join(dir, 'b.tar.gz');
    const tar = await TarGzWriter.create(archive, { memoryLimit: 1000 });
    const data = randomBytes(700_001);
    const pieces = [data.subarray(0, 100), data.subarray(100, 300_000), data.subarray(300_000)];
    const first = tar.addStream({ name: 'h/big' }, Readable.from(pieces));
    const second = tar.addStream({ name: 'h/small' }, Readable.from([Buffer.from('after\n')]));
    expect((await first).sha256).toBe(sha(data));
    await second;
    await tar.close();
    const out = untar(archive);
    expect(readFileSync(join(out, 'h/big')).equals(data)).toBe(true);
    expect(readFileSync(join(out, 'h/small'), 'utf8')).toBe('after\n');
  });

  it('estimates the archive for --max-size before gzip has written anything, and near its size after', async () => {
    const archive = join(dir, 'b.tar.gz');
    const tar = await TarGzWriter.create(archive);
    await tar.addBuffer({ name: 'h/small' }, 'x'.repeat(3000));
    expect(tar.bytesWritten).toBe(0); // gathered and held back by gzip
    expect(tar.estimatedBytes).toBe(tar.tarBytes);
    const lines = Array.from({ length: 40_000 }, (_, i) => `line ${i} ${randomBytes(4).toString('hex')}\n`).join('');
    await tar.addBuffer({ name: 'h/big' }, lines);
    const estimate = tar.estimatedBytes;
    const { bytes } = await tar.close();
    expect(estimate).toBeGreaterThan(bytes / 2);
    expect(estimate).toBeLessThan(bytes * 2);
  });

  it('caps a streamed entry at maxBytes and marks it truncated', async () => {
    const archive = join(dir, 'b.tar.gz');
    const tar = await TarGzWriter.create(archive);
    const added = await tar.addStream({ name: 'h/maillog' }, Readable.from(['0123456789', 'abcdef']), { maxBytes: 12 });
    expect(added.truncated).toBe(true);
    expect(added.size).toBe(12);
    await tar.close();
    expect(readFileSync(join(untar(archive), 'h/maillog'), 'utf8')).toBe('0123456789ab');
  });

  it('pads a sized entry whose source ran short, cuts one that ran long, and the archive stays readable', async () => {
    const archive = join(dir, 'b.tar.gz');
    const tar = await TarGzWriter.create(archive);
    const short = await tar.addSized({ name: 'short' }, 6, Readable.from([Buffer.from('abc')]));
    const long = await tar.addSized({ name: 'long' }, 2, Readable.from([Buffer.from('abc'), Buffer.from('def')]));
    await tar.addBuffer({ name: 'after' }, 'ok');
    await tar.close();
    expect([short.truncated, long.truncated]).toEqual([true, true]);
    const out = untar(archive);
    expect(readFileSync(join(out, 'short'))).toEqual(Buffer.from('abc\0\0\0'));
    expect(readFileSync(join(out, 'long'), 'utf8')).toBe('ab');
    expect(readFileSync(join(out, 'after'), 'utf8')).toBe('ok');
  });

  it('writes entries handed over at once from many hosts one after the other, whole', async () => {
    const archive = join(dir, 'b.tar.gz');
    const tar = await TarGzWriter.create(archive, { memoryLimit: 64 });
    const hosts = ['relay', 'servera', 'servera2', 'serverb'];
    const slow = async function* (h: string): AsyncIterable<string> {
      for (let i = 0; i < 50; i++) {
        await new Promise((r) => setTimeout(r, 1));
        yield `${h} line ${i}\n`;
      }
    };
    await Promise.all(hosts.map((h) => tar.addStream({ name: `${h}/log` }, slow(h))));
    await tar.close();
    const out = untar(archive);
    for (const h of hosts) expect(readFileSync(join(out, h, 'log'), 'utf8').split('\n')).toHaveLength(51);
  });

  it('never replaces an existing file', async () => {
    const archive = join(dir, 'b.tar.gz');
    writeFileSync(archive, 'precious');
    await expect(TarGzWriter.create(archive)).rejects.toThrow(/EEXIST/);
    expect(readFileSync(archive, 'utf8')).toBe('precious');
  });

  it('abort removes the partial archive', async () => {
    const archive = join(dir, 'b.tar.gz');
    const tar = await TarGzWriter.create(archive);
    await tar.addBuffer({ name: 'x' }, 'y');
    await tar.abort();
    expect(readdirSync(dir)).toEqual([]);
  });
});
