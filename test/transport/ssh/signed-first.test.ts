// Key login with the signed request at once (signed-first.ts), against a real sshd: no query round trip
// ("Postponed publickey" in sshd's log is its answer to a query), for ed25519 and RSA (rsa-sha2-*) keys, a key the
// host refuses still lets the next identity file in, and ssh2's own query-first way remains when turned off.
import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSshConnection } from '../../../src/transport/ssh/connect.js';
import type { SshTarget } from '../../../src/core/host.js';
import { startSshd, sshdAvailable, type TestSshd } from '../../helpers/sshd.js';
import { targetFor } from './fixtures.js';

describe.skipIf(!sshdAvailable())('key login signed at once', () => {
  let sshd: TestSshd;
  let rsaKey: string;
  let strangerKey: string;
  beforeAll(async () => {
    sshd = await startSshd({ extraConfig: ['LogLevel DEBUG1'] });
    rsaKey = path.join(sshd.dir, 'client_rsa');
    strangerKey = path.join(sshd.dir, 'stranger_ed25519');
    execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-f', rsaKey]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', strangerKey]);
    appendFileSync(path.join(sshd.dir, 'authorized_keys'), readFileSync(`${rsaKey}.pub`));
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  // Logs in, runs nothing, and returns what sshd logged meanwhile.
  async function login(target: SshTarget, signedFirst?: boolean): Promise<string> {
    const before = sshd.log().length;
    const c = await openSshConnection('lab-host', target, signedFirst === undefined ? {} : { signedFirst });
    c.client.end();
    await new Promise((r) => setTimeout(r, 200)); // sshd writes its log lines
    return sshd.log().slice(before);
  }

  it('logs in with an ed25519 key without asking first', async () => {
    const log = await login(targetFor(sshd));
    expect(log).toMatch(/Accepted publickey for \S+ .*ED25519/);
    expect(log).not.toMatch(/Postponed publickey/);
  });

  it('logs in with an RSA key (rsa-sha2 signature) without asking first', async () => {
    const log = await login(targetFor(sshd, { identityFiles: [rsaKey] }));
    expect(log).toMatch(/Accepted publickey for \S+ .*RSA/);
    expect(log).not.toMatch(/Postponed publickey/);
  });

  it('goes on to the next identity file when the host refuses a signed key', async () => {
    const log = await login(targetFor(sshd, { identityFiles: [strangerKey, sshd.clientKeyPath] }));
    expect(log).toMatch(/Accepted publickey for \S+ .*ED25519/);
  });

  it('fails as before when the host takes none of the keys', async () => {
    await expect(login(targetFor(sshd, { identityFiles: [strangerKey] }))).rejects.toThrow(/auth|denied|key/i);
  });

  it('asks first, as ssh2 does, when turned off', async () => {
    const log = await login(targetFor(sshd), false);
    expect(log).toMatch(/Postponed publickey/);
    expect(log).toMatch(/Accepted publickey/);
  });
});
