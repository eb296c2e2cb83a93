import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sshCheck } from '../../../checks/host/ssh.js';
import { LocalTransport } from '../../../src/transport/local.js';
import { makeContext } from '../../helpers/context.js';
import { sshdAvailable, startSshd, type TestSshd } from '../../helpers/sshd.js';
import { knownHostsFile, sshTransport } from '../../transport/ssh/fixtures.js';
import { closedPort, silentServer } from '../../helpers/tcp.js';
import type { SshTarget } from '../../../src/core/host.js';
import { SshTransport } from '../../../src/transport/ssh/transport.js';

describe('host/ssh', () => {
  it('is OK on the local machine without SSH', async () => {
    const outcome = await sshCheck.run(makeContext({ transport: new LocalTransport('testhost') }));
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toBe('testhost is this machine: no SSH needed');
  });
});

describe.skipIf(!sshdAvailable())('host/ssh against a real sshd', () => {
  let sshd: TestSshd;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(() => sshd.stop());

  it('is OK with the host key fingerprint and the server version', async () => {
    const transport = sshTransport(sshd);
    try {
      const outcome = await sshCheck.run(makeContext({ transport }));
      expect(outcome.status).toBe('ok');
      expect(outcome.summary).toContain(sshd.hostKeyFingerprint);
      expect(outcome.summary).toMatch(/OpenSSH/);
    } finally {
      await transport.close();
    }
  });

  it('is CRIT for an unknown host key, showing its fingerprint and how to accept it', async () => {
    const transport = sshTransport(sshd, { knownHostsFiles: [knownHostsFile(sshd, 'empty_known_hosts', [])] });
    try {
      const outcome = await sshCheck.run(makeContext({ transport }));
      expect(outcome.status).toBe('crit');
      // catches: host key not in known_hosts (new or reinstalled host)
      expect(outcome.summary).toContain('host-key-unknown');
      expect(outcome.summary + (outcome.hint ?? '')).toContain(sshd.hostKeyFingerprint);
      expect(outcome.hint).toMatch(/known_hosts/);
    } finally {
      await transport.close();
    }
  });

  it('is CRIT with kind auth when the key is not accepted', async () => {
    const transport = sshTransport(sshd, { identityFiles: [] });
    try {
      const outcome = await sshCheck.run(makeContext({ transport }));
      expect(outcome.status).toBe('crit');
      // catches: key not accepted by sshd: authentication refused
      expect(outcome.summary).toContain('(auth;');
    } finally {
      await transport.close();
    }
  });

  it('is CRIT when the host offers another key than known_hosts has for it (reinstalled host or MITM)', async () => {
    const other = path.join(sshd.dir, `other_${Date.now()}`);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const [type, key] = readFileSync(`${other}.pub`, 'utf8').trim().split(/\s+/);
    const stale = knownHostsFile(sshd, 'stale_known_hosts', [`[127.0.0.1]:${sshd.port} ${type} ${key}`]);
    const transport = sshTransport(sshd, { knownHostsFiles: [stale] });
    try {
      const outcome = await sshCheck.run(makeContext({ transport }));
      expect(outcome.status).toBe('crit');
      // catches: host key changed since known_hosts recorded it
      expect(outcome.summary).toContain('(host-key-changed;');
      expect(outcome.summary + (outcome.hint ?? '')).toContain(sshd.hostKeyFingerprint);
    } finally {
      await transport.close();
    }
  });
});

describe('host/ssh when sshd cannot be reached (real sockets)', () => {
  const unreachable = (overrides: Partial<SshTarget>) =>
    new SshTransport(
      'relay',
      {
        hostname: '127.0.0.1',
        port: 22,
        user: 'nobody',
        identityFiles: [],
        knownHostsFiles: [],
        connectTimeoutMs: 2000,
        keepaliveIntervalMs: 5000,
        maxChannels: 8,
        ...overrides,
      },
      { agentSocket: null, failureCacheMs: 0 },
    );

  it('is CRIT at once when nothing listens on the SSH port', async () => {
    const transport = unreachable({ port: await closedPort() });
    try {
      const outcome = await sshCheck.run(makeContext({ transport }));
      expect(outcome.status).toBe('crit');
      // catches: sshd stopped or on another port: connection refused
      expect(outcome.summary).toContain('(connect-refused;');
    } finally {
      await transport.close();
    }
  });

  it('is CRIT marked timed out when the port accepts but no SSH banner comes (firewall, hung sshd)', async () => {
    const silent = await silentServer();
    const transport = unreachable({ port: silent.port, connectTimeoutMs: 700 });
    try {
      const outcome = await sshCheck.run(makeContext({ transport }));
      // catches: port accepts but sshd never sends its banner: handshake timeout
      expect(outcome).toMatchObject({ status: 'crit', timedOut: true });
      expect(outcome.summary).toContain('(connect-timeout;');
    } finally {
      await transport.close();
      await silent.close();
    }
  });

  it('is CRIT naming DNS when the host name does not resolve', async () => {
    const transport = unreachable({ hostname: 'no-such-host.invalid', connectTimeoutMs: 3000 });
    try {
      const outcome = await sshCheck.run(makeContext({ transport }));
      expect(outcome.status).toBe('crit');
      // catches: host name does not resolve
      expect(outcome.summary).toContain('(dns;');
    } finally {
      await transport.close();
    }
  });
});
