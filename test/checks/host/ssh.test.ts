import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sshCheck } from '../../../checks/host/ssh.js';
import { LocalTransport } from '../../../src/transport/local.js';
import { makeContext } from '../../helpers/context.js';
import { sshdAvailable, startSshd, type TestSshd } from '../../helpers/sshd.js';
import { knownHostsFile, sshTransport } from '../../transport/ssh/fixtures.js';

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
      expect(outcome.summary).toContain('(auth;');
    } finally {
      await transport.close();
    }
  });
});
