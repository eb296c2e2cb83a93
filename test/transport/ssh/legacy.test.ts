import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransportError } from '../../../src/core/errors.js';
import { startSshd, sshdAvailable, type TestSshd } from '../../helpers/sshd.js';
import { sshTransport } from './fixtures.js';

// OpenSSH 4.3 (RHEL5) offers only SHA-1 key exchanges, an RSA or DSA host key with SHA-1
// signatures, CTR/CBC ciphers and hmac-sha1; a modern sshd restricted to that set stands in for it.
const RHEL5_ALGORITHMS = [
  'KexAlgorithms diffie-hellman-group14-sha1,diffie-hellman-group-exchange-sha1',
  'HostKeyAlgorithms ssh-rsa',
  'Ciphers aes128-ctr,aes256-ctr',
  'MACs hmac-sha1',
];

describe.skipIf(!sshdAvailable())('SSH to servers with old algorithms', () => {
  let legacy: TestSshd;
  let unsupported: TestSshd;
  beforeAll(async () => {
    [legacy, unsupported] = await Promise.all([
      startSshd({ hostKeyTypes: ['rsa'], extraConfig: RHEL5_ALGORITHMS }),
      startSshd({ extraConfig: ['KexAlgorithms diffie-hellman-group1-sha1'] }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([legacy?.stop(), unsupported?.stop()]);
  });

  it('connects to a server that speaks only the RHEL5 algorithm set', async () => {
    const t = sshTransport(legacy);
    try {
      expect((await t.exec(['echo', 'old friend'])).stdout).toBe('old friend\n');
    } finally {
      await t.close();
    }
  });

  it('explains a handshake with no common key exchange', async () => {
    const t = sshTransport(unsupported);
    const err = await t.ensureConnected().catch((e: unknown) => e);
    await t.close();
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).kind).toBe('other');
    expect((err as TransportError).message).toMatch(/SSH handshake failed: .*key exchange/i);
  });
});
