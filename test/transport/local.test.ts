import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TransportError } from '../../src/core/errors.js';
import { LocalTransport } from '../../src/transport/local.js';

describe('LocalTransport', () => {
  const local = new LocalTransport('lab-local');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oxdoctor-local-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs argv without a shell and returns code, stdout and stderr', async () => {
    const r = await local.exec(['sh', '-c', 'echo out; echo err >&2; exit 4']);
    expect(r).toMatchObject({ code: 4, stdout: 'out\n', stderr: 'err\n', timedOut: false, cancelled: false });
    const literal = await local.exec(['echo', '$(id)', '*']);
    expect(literal.stdout).toBe('$(id) *\n');
  });

  it('gives code 127 and the error text for a missing binary', async () => {
    const r = await local.exec(['oxdoctor-no-such-binary', 'x']);
    expect(r.code).toBe(127);
    expect(r.stderr).toMatch(/oxdoctor-no-such-binary: .*ENOENT/);
  });

  it('feeds stdin and merges env onto the process environment', async () => {
    const data = randomBytes(100_000);
    const r = await local.exec(['sh', '-c', 'printf "%s|%s|" "$OXD_X" "$PATH" >&2; wc -c'], {
      stdin: data,
      env: { OXD_X: 'v a l' },
    });
    expect(r.stdout.trim()).toBe('100000');
    expect(r.stderr).toBe(`v a l|${process.env.PATH}|`);
  });

  it('kills the whole process group on timeout', async () => {
    const marker = path.join(dir, 'child-survived');
    const started = Date.now();
    const r = await local.exec(['sh', '-c', `(sleep 1; touch ${marker}) & sleep 10`], { timeoutMs: 300 });
    expect(r.timedOut).toBe(true);
    expect(r.code).toBeNull();
    expect(Date.now() - started).toBeLessThan(1000);
    await new Promise((res) => setTimeout(res, 1200));
    expect(existsSync(marker)).toBe(false);
  });

  it('stops on an abort signal and marks the result cancelled', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const r = await local.exec(['sleep', '5'], { signal: ac.signal });
    expect(r).toMatchObject({ cancelled: true, timedOut: false, code: null });
  });

  it('truncates past maxOutputBytes but lets the command finish', async () => {
    const r = await local.exec(['sh', '-c', 'head -c 50000 /dev/zero; echo done >&2'], { maxOutputBytes: 100 });
    expect(r.stdout.length).toBe(100);
    expect(r.truncated).toBe(true);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('done\n');
  });

  it('streams stdout of a large command', async () => {
    const { stdout, done } = await local.execStream(['head', '-c', '5000000', '/dev/zero']);
    let bytes = 0;
    for await (const c of stdout) bytes += (c as Buffer).length;
    expect(bytes).toBe(5_000_000);
    expect((await done).code).toBe(0);
  });

  it('reads files whole, by tail, and gives null for a missing one', async () => {
    const file = path.join(dir, 'f.txt');
    writeFileSync(file, 'head-part middle tail-part');
    expect((await local.readFile(file))?.data.toString()).toBe('head-part middle tail-part');
    const tail = await local.readFile(file, { maxBytes: 9, tail: true });
    expect(tail).toMatchObject({ size: 26, truncated: true });
    expect(tail?.data.toString()).toBe('tail-part');
    expect((await local.readFile(file, { maxBytes: 9 }))?.data.toString()).toBe('head-part');
    expect(await local.readFile(path.join(dir, 'missing'))).toBeNull();
    expect(await local.readFile(path.join(file, 'below-a-file'))).toBeNull();
    await expect(local.readFile(dir)).rejects.toThrow(/not a regular file/);
  });

  it('connects to a TCP port and tunnels to it', async () => {
    const echo = net.createServer((s) => s.pipe(s));
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    const port = (echo.address() as net.AddressInfo).port;
    try {
      const tunnel = await local.tunnel('127.0.0.1', port);
      const sock = net.connect(tunnel.port, tunnel.host);
      const reply = await new Promise<string>((resolve) => {
        sock.once('data', (d) => resolve(d.toString()));
        sock.write('hello');
      });
      expect(reply).toBe('hello');
      sock.destroy();
      await tunnel.close();
    } finally {
      echo.close();
    }
  });

  it('classifies a refused connect', async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as net.AddressInfo).port;
    await new Promise((r) => srv.close(r));
    const err = await local.connect('127.0.0.1', port).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).kind).toBe('connect-refused');
  });
});
