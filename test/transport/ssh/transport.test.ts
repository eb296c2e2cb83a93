import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SshTransport } from '../../../src/transport/ssh/transport.js';
import { startSshd, sshdAvailable, type TestSshd } from '../../helpers/sshd.js';
import { HOSTILE_ARGS } from '../hostile.js';
import { acceptedLogins, processCmdlines, sshTransport } from './fixtures.js';

describe.skipIf(!sshdAvailable())('SSH transport against a real sshd', () => {
  let sshd: TestSshd;
  let ssh: SshTransport;

  beforeAll(async () => {
    sshd = await startSshd();
    ssh = sshTransport(sshd);
  });
  afterAll(async () => {
    await ssh?.close();
    await sshd?.stop();
  });

  it('authenticates with an identity file and runs a command', async () => {
    const r = await ssh.exec(['id', '-un']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(sshd.user);
    expect(ssh.info().hostKeyFingerprint).toBe(sshd.hostKeyFingerprint);
    expect(ssh.info().remoteVersion).toMatch(/OpenSSH/);
  });

  it('passes hostile arguments through the remote shell byte for byte', async () => {
    const r = await ssh.exec(['printf', '%s\\0', ...HOSTILE_ARGS]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\0').slice(0, -1)).toEqual(HOSTILE_ARGS);
  });

  it('runs 20 parallel commands over one connection', async () => {
    const fresh = sshTransport(sshd);
    const before = acceptedLogins(sshd);
    try {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => fresh.exec(['sh', '-c', `sleep 0.2; echo ${i}`])),
      );
      expect(results.map((r) => r.stdout.trim())).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
      expect(fresh.info().connections).toBe(1);
      expect(acceptedLogins(sshd) - before).toBe(1);
    } finally {
      await fresh.close();
    }
  });

  // The most commands running and channels open at once while `work` runs.
  async function peaks(t: ReturnType<typeof sshTransport>, work: () => Promise<unknown>) {
    let commands = 0;
    let channels = 0;
    const sampler = setInterval(() => {
      commands = Math.max(commands, t.info().commandsRunning);
      channels = Math.max(channels, t.info().channelsOpen);
    }, 5);
    try {
      const started = Date.now();
      await work();
      return { commands, channels, ms: Date.now() - started };
    } finally {
      clearInterval(sampler);
    }
  }

  it('never opens more channels than maxChannels, and runs at most twice as many commands through the helper', async () => {
    const bounded = sshTransport(sshd, { maxChannels: 3 });
    const plain = sshTransport(sshd, { maxChannels: 3, helper: false });
    try {
      const helped = await peaks(bounded, () =>
        Promise.all(Array.from({ length: 12 }, () => bounded.exec(['sleep', '0.3']))),
      );
      expect(helped.commands).toBe(6);
      expect(helped.channels).toBeLessThanOrEqual(3); // the helper's own, and none per command
      expect(helped.ms).toBeGreaterThanOrEqual(2 * 300);
      // without the helper every command takes a channel: maxChannels at once
      const own = await peaks(plain, () => Promise.all(Array.from({ length: 9 }, () => plain.exec(['sleep', '0.3']))));
      expect(own.commands).toBe(3);
      expect(own.channels).toBeLessThanOrEqual(3);
      expect(own.ms).toBeGreaterThanOrEqual(3 * 300);
    } finally {
      await bounded.close();
      await plain.close();
    }
  });

  it('hands env to the remote command through stdin, never through its argv', async () => {
    const secret = `sekrit-${randomBytes(6).toString('hex')}`;
    const shown = await ssh.exec(['sh', '-c', 'printf %s "$OXD_SECRET"'], { env: { OXD_SECRET: secret } });
    expect(shown.stdout).toBe(secret);

    const running = ssh.exec(['sleep', '1.5'], { env: { OXD_SECRET: secret } });
    let sawEnviron = false;
    const until = Date.now() + 1200;
    while (Date.now() < until && !sawEnviron) {
      const procs = processCmdlines();
      expect(procs.filter((p) => p.cmdline.includes(secret))).toEqual([]);
      sawEnviron = procs.some((p) => p.environ.includes(`OXD_SECRET=${secret}`) && p.cmdline.startsWith('sleep'));
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(sawEnviron).toBe(true);
    expect((await running).code).toBe(0);
  });

  it('passes env values with quotes, dollars and spaces unchanged', async () => {
    const value = ` it's "$(id)" \`x\` $HOME \\ ; | * `;
    const r = await ssh.exec(['sh', '-c', 'printf %s "$A"; printf "|%s" "$B"'], { env: { A: value, B: '' } });
    expect(r.stdout).toBe(`${value}|`);
  });

  it('rejects an env value with a newline instead of sending it', async () => {
    await expect(ssh.exec(['true'], { env: { A: 'x\ny' } })).rejects.toThrow(/A contains a newline/);
  });

  it('delivers binary stdin intact after the env prologue', async () => {
    const data = randomBytes(200_000);
    const r = await ssh.exec(['sh', '-c', 'cksum'], { stdin: data, env: { X: '1' } });
    const local = await import('../../../src/transport/local.js');
    const expected = await new local.LocalTransport().exec(['cksum'], { stdin: data });
    expect(r.stdout).toBe(expected.stdout);
  });

  it('reports exit codes and stderr without throwing', async () => {
    const r = await ssh.exec(['sh', '-c', 'echo oops >&2; exit 3']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('oops\n');
    const missing = await ssh.exec(['oxdoctor-no-such-binary']);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toMatch(/not found/);
  });

  it('times out a long command, kills it remotely and frees the channel', async () => {
    const marker = '37.125';
    const started = Date.now();
    const r = await ssh.exec(['sleep', marker], { timeoutMs: 400 });
    expect(r.timedOut).toBe(true);
    expect(r.code).toBeNull();
    expect(Date.now() - started).toBeLessThan(2000);
    await new Promise((res) => setTimeout(res, 200));
    expect(processCmdlines().filter((p) => p.cmdline === `sleep\0${marker}\0`)).toEqual([]);
    expect(ssh.info().channelsOpen).toBe(0);
    expect((await ssh.exec(['true'])).code).toBe(0);
  });

  it('stops on an abort signal and says it was cancelled', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const r = await ssh.exec(['sleep', '5'], { signal: ac.signal });
    expect(r.cancelled).toBe(true);
    expect(r.timedOut).toBe(false);
  });

  it('truncates output past maxOutputBytes and keeps going', async () => {
    const r = await ssh.exec(['head', '-c', '100000', '/dev/zero'], { maxOutputBytes: 1000 });
    expect(r.code).toBe(0);
    expect(r.truncated).toBe(true);
    expect(r.stdout.length).toBe(1000);
  });

  it('streams large output', async () => {
    const { stdout, done } = await ssh.execStream(['head', '-c', '3000000', '/dev/zero']);
    let bytes = 0;
    for await (const chunk of stdout) bytes += (chunk as Buffer).length;
    expect(bytes).toBe(3_000_000);
    expect((await done).code).toBe(0);
  });

  it('reads a whole file, its tail, and returns null for a missing one', async () => {
    const file = path.join(sshd.dir, 'sample.log');
    const content = Buffer.concat([Buffer.from('first line\n'), randomBytes(5000), Buffer.from('\nlast line\n')]);
    writeFileSync(file, content);
    const whole = await ssh.readFile(file);
    expect(whole?.data.equals(content)).toBe(true);
    expect(whole?.size).toBe(content.length);
    expect(whole?.truncated).toBe(false);
    expect(Math.abs((whole?.mtimeMs ?? 0) - Date.now())).toBeLessThan(60_000);

    const tail = await ssh.readFile(file, { maxBytes: 10, tail: true });
    expect(tail?.data.toString()).toBe('last line\n');
    expect(tail?.truncated).toBe(true);
    const head = await ssh.readFile(file, { maxBytes: 10 });
    expect(head?.data.toString()).toBe('first line');

    expect(await ssh.readFile(path.join(sshd.dir, 'no-such-file'))).toBeNull();
    await expect(ssh.readFile(sshd.dir)).rejects.toThrow(/not a regular file/);
  });

  it('opens a TCP stream from the remote side and a local tunnel to it', async () => {
    const echo = net.createServer((s) => s.pipe(s));
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    const port = (echo.address() as net.AddressInfo).port;
    try {
      const stream = await ssh.connect('127.0.0.1', port);
      const reply = await roundTrip(stream, 'ping through forwardOut');
      expect(reply).toBe('ping through forwardOut');
      stream.destroy();

      const tunnel = await ssh.tunnel('127.0.0.1', port);
      const sock = net.connect(tunnel.port, tunnel.host);
      expect(await roundTrip(sock, 'ping through the tunnel')).toBe('ping through the tunnel');
      sock.destroy();
      await tunnel.close();
      await waitFor(() => ssh.info().channelsOpen === 0);
    } finally {
      echo.close();
    }
  });

  it('ends a streamed command whose reader gives up early', async () => {
    const { stdout, done } = await ssh.execStream(['sh', '-c', 'while :; do echo y; done']);
    for await (const _chunk of stdout) break; // for-await's break destroys the stream
    const r = await done;
    expect(r.code === null || r.signal !== null || r.code !== 0).toBe(true);
    await waitFor(() => ssh.info().channelsOpen === 0);
  });

  it('reports a refused port on the remote side as connect-refused', async () => {
    const closed = await new Promise<number>((r) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => r(p));
      });
    });
    await expect(ssh.connect('127.0.0.1', closed)).rejects.toMatchObject({ kind: 'connect-refused' });
  });

  it('reconnects once after the connection drops', async () => {
    const fresh = sshTransport(sshd);
    try {
      expect((await fresh.exec(['true'])).code).toBe(0);
      // Kill the sshd process of the session the command runs in (the remote helper's parent): the
      // connection drops under the transport.
      const sshdOfSession = 'kill -9 "$(awk \'{ print $4 }\' /proc/$PPID/stat)"';
      await expect(fresh.exec(['sh', '-c', sshdOfSession])).rejects.toMatchObject({ kind: 'closed' });
      await new Promise((r) => setTimeout(r, 200));
      expect(fresh.info().connected).toBe(false);
      const r = await fresh.exec(['echo', 'again']);
      expect(r.stdout).toBe('again\n');
      expect(fresh.info().connections).toBe(2);
    } finally {
      await fresh.close();
    }
  });

  it('resolves the ProxyJump host through ssh_config', async () => {
    const config = path.join(sshd.dir, 'ssh_config');
    writeFileSync(
      config,
      [
        'Host jumpbox',
        '  HostName 127.0.0.1',
        `  Port ${sshd.port}`,
        `  User ${sshd.user}`,
        `  IdentityFile ${sshd.clientKeyPath}`,
      ].join('\n'),
    );
    const t = sshTransport(
      sshd,
      { proxyJump: 'jumpbox' },
      { resolveOptions: { configFiles: [config], home: sshd.dir } },
    );
    try {
      expect((await t.exec(['echo', 'via config'])).stdout).toBe('via config\n');
    } finally {
      await t.close();
    }
  });

  it('jumps through one host with ProxyJump', async () => {
    const jumpTarget = sshTransport(sshd).target;
    const viaJump = sshTransport(
      sshd,
      { proxyJump: `${sshd.user}@127.0.0.1:${sshd.port}` },
      { resolveJump: () => jumpTarget },
    );
    const before = acceptedLogins(sshd);
    try {
      const r = await viaJump.exec(['echo', 'hopped']);
      expect(r.stdout).toBe('hopped\n');
      expect(acceptedLogins(sshd) - before).toBe(2);
      expect(sshd.log()).toMatch(/direct-tcpip|Connection from 127\.0\.0\.1/);
    } finally {
      await viaJump.close();
    }
  });
});

async function waitFor(ok: () => boolean, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function roundTrip(stream: NodeJS.ReadWriteStream, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    stream.on('data', (d: Buffer) => {
      got += d.toString();
      if (got.length >= text.length) resolve(got);
    });
    stream.on('error', reject);
    stream.write(text);
  });
}
