import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { BundleRedactor } from '../../src/bundle/redact/redactor.js';
import { redactStream } from '../../src/bundle/redact/stream.js';

async function collect(chunks: Buffer[], redactor: BundleRedactor, maxLine?: number): Promise<Buffer> {
  const item = redactor.forItem({ kind: 'log', name: '/var/log/cron' });
  const out: Buffer[] = [];
  await pipeline(Readable.from(chunks), redactStream(item, maxLine), async (source: AsyncIterable<Buffer>) => {
    for await (const c of source) out.push(c);
  });
  return Buffer.concat(out);
}

// Splits a buffer into pieces of `size` bytes: every line and secret crosses chunk boundaries.
function pieces(data: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) out.push(data.subarray(i, i + size));
  return out;
}

describe('redactStream', () => {
  const log = [
    'Dec  7 02:30:01 a CROND[1]: (root) CMD (/opt/open-xchange/sbin/oxsync -A oxadmin -P Stream-Canary-1 -c 1)',
    'Dec  7 02:31:01 a CROND[2]: (root) CMD (/opt/open-xchange/sbin/setpostacl)',
    'Dec  7 02:32:01 a app: known Stream-Known-2 here',
    'no newline at the end -P last',
  ].join('\n');

  it.each([1, 7, 64, 4096])('redacts lines split into %i-byte chunks, bytes elsewhere unchanged', async (size) => {
    const redactor = new BundleRedactor({ knownSecrets: ['Stream-Known-2'] });
    const out = (await collect(pieces(Buffer.from(log), size), redactor)).toString();
    expect(out).toBe(
      log
        .replace('Stream-Canary-1', '********')
        .replace('Stream-Known-2', '********')
        .replace('-P last', '-P ********'),
    );
  });

  it('passes a line longer than the cap in pieces, still masking known values', async () => {
    const long = Buffer.from(`${'x'.repeat(5000)} Long-Known-3 ${'y'.repeat(5000)}\nafter\n`);
    const redactor = new BundleRedactor({ knownSecrets: ['Long-Known-3'] });
    const out = await collect(pieces(long, 100), redactor, 8192);
    expect(out.toString()).not.toContain('Long-Known-3');
    expect(out.toString().endsWith('\nafter\n')).toBe(true);
  });

  it('numbers the lines after a line cut into pieces as the file does', async () => {
    const text = `${'x'.repeat(20_000)} password=a1\nline two\npassword=b2 on line three\n`;
    const redactor = new BundleRedactor();
    const item = redactor.forItem({ kind: 'log', name: '/var/log/x' });
    const out: Buffer[] = [];
    await pipeline(
      Readable.from(pieces(Buffer.from(text), 4096)),
      redactStream(item, 8192),
      async (s: AsyncIterable<Buffer>) => {
        for await (const c of s) out.push(c);
      },
    );
    expect(item.summary().records).toEqual([
      { line: 1, rule: 'generic password' },
      { line: 3, rule: 'generic password' },
    ]);
  });

  it('streams 64 MiB of log in bounded memory', async () => {
    const line = Buffer.from('Dec  7 05:00:00 relay postfix/smtpd[1]: connect from x[10.0.0.1] password=Mem-4 ok\n');
    const redactor = new BundleRedactor();
    const item = redactor.forItem({ kind: 'log', name: '/var/log/maillog' });
    const total = 64 * 1024 * 1024;
    const chunk = Buffer.concat(Array.from({ length: Math.ceil(65536 / line.length) }, () => line));
    let sent = 0;
    const source = new Readable({
      read() {
        if (sent >= total) return void this.push(null);
        sent += chunk.length;
        this.push(chunk);
      },
    });
    let bytes = 0;
    let leaked = false;
    const before = process.memoryUsage().rss;
    let peak = before;
    await pipeline(source, redactStream(item), async (s: AsyncIterable<Buffer>) => {
      for await (const c of s) {
        bytes += c.length;
        if (c.includes('Mem-4')) leaked = true;
        peak = Math.max(peak, process.memoryUsage().rss);
      }
    });
    expect(leaked).toBe(false);
    expect(bytes).toBeGreaterThan(total * 0.9);
    expect(item.summary().count).toBe(item.lines);
    expect(item.summary().records.length).toBe(1000);
    expect(peak - before).toBeLessThan(100 * 1024 * 1024);
  });
});
