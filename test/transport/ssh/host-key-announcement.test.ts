// sshd announces its host keys after login; oxdoctor takes the announcement without asking the host
// to sign with every key (see src/transport/ssh/host-key-announcement.ts), against a real sshd that logs
// both the announcement and any request for proofs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSshd, sshdAvailable, type TestSshd } from '../../helpers/sshd.js';
import { sshTransport } from './fixtures.js';

describe.skipIf(!sshdAvailable())('host key announcement', () => {
  let sshd: TestSshd;
  beforeAll(async () => {
    sshd = await startSshd({ hostKeyTypes: ['ed25519', 'ecdsa'], extraConfig: ['LogLevel DEBUG3'] });
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('is taken without asking the host to prove its keys, and the connection works on', async () => {
    const transport = sshTransport(sshd);
    try {
      expect((await transport.exec(['echo', 'one'])).stdout).toBe('one\n');
      // A command after the announcement was handled: the connection is in order.
      expect((await transport.exec(['echo', 'two'])).stdout).toBe('two\n');
    } finally {
      await transport.close();
    }
    const log = sshd.log();
    expect(log).toMatch(/notify_hostkeys: sent 2 hostkeys/);
    expect(log).not.toMatch(/hostkeys-prove-00/);
    expect(log).not.toMatch(/protocol error|Bad packet/i);
  });
});
