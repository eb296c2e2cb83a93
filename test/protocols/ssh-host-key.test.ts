// The host key that answers at an address, read from a real OpenSSH sshd: key exchange only, no login.
import net from 'node:net';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeSshHostKey } from '../../src/protocols/ssh-host-key.js';
import { tcpConnect } from '../../src/transport/tcp-connect.js';
import { freePort, startSshd, sshdAvailable, type TestSshd } from '../helpers/sshd.js';

const opener = (port: number) => (signal: AbortSignal) => tcpConnect('test', '127.0.0.1', port, { signal });

describe.skipIf(!sshdAvailable())('the SSH host key at an address', () => {
  let sshd: TestSshd;
  beforeAll(async () => {
    sshd = await startSshd({ hostKeyTypes: ['rsa', 'ed25519'] });
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('is one of the host keys of the sshd that answers, and nobody logs in', async () => {
    const fingerprints = ['host_rsa', 'host_ed25519'].map(
      (f) => execFileSync('ssh-keygen', ['-lf', `${sshd.dir}/${f}.pub`], { encoding: 'utf8' }).split(/\s+/)[1],
    );
    const result = await probeSshHostKey(opener(sshd.port), { timeoutMs: 5000 });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (!result.ok) return;
    expect(fingerprints).toContain(result.value.fingerprint);
    expect(result.value.keyType).toMatch(/^ssh-(ed25519|rsa)$/);
    expect(result.value.banner).toMatch(/^OpenSSH_/);
    expect(result.transcript.join('\n')).toContain(`host key ${result.value.keyType} ${result.value.fingerprint}`);
    // sshd logs no authentication attempt of any kind.
    expect(sshd.log()).not.toMatch(/Accepted|Failed|Invalid user|userauth/i);
  });

  it("is read from an sshd that speaks only RHEL5's algorithms (OpenSSH 4.3: SHA-1 key exchange, ssh-rsa)", async () => {
    const legacy = await startSshd({
      hostKeyTypes: ['rsa'],
      extraConfig: [
        'KexAlgorithms diffie-hellman-group14-sha1,diffie-hellman-group-exchange-sha1',
        'HostKeyAlgorithms ssh-rsa',
        'Ciphers aes128-ctr,aes256-ctr',
        'MACs hmac-sha1',
      ],
    });
    try {
      const result = await probeSshHostKey(opener(legacy.port), { timeoutMs: 5000 });
      expect(result.ok, JSON.stringify(result)).toBe(true);
      if (result.ok) expect(result.value).toMatchObject({ keyType: 'ssh-rsa', fingerprint: legacy.hostKeyFingerprint });
    } finally {
      await legacy.stop();
    }
  });

  it('is refused where nothing listens', async () => {
    const result = await probeSshHostKey(opener(await freePort()), { timeoutMs: 3000 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.failure).toBe('refused');
  });

  it('is not read from a server that speaks another protocol', async () => {
    const server = net.createServer((s) => s.end('220 mail.example.com ESMTP\r\n'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const result = await probeSshHostKey(opener(port), { timeoutMs: 3000 });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.failure, result.message).toBe('bad-greeting');
    } finally {
      server.close();
    }
  });

  it('times out on a server that accepts and never speaks', async () => {
    const server = net.createServer(() => undefined);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const started = Date.now();
      const result = await probeSshHostKey(opener(port), { timeoutMs: 500 });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.failure).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      server.unref();
      server.close();
    }
  });
});
