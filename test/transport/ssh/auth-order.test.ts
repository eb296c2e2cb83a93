import { chmodSync, copyFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransportError } from '../../../src/core/errors.js';
import { startSshd, sshdAvailable, type TestSshd } from '../../helpers/sshd.js';
import { startAgent, throwawayKeys, type TestAgent } from './agent-fixture.js';
import { sshTransport } from './fixtures.js';

// Public key authentications sshd refused, from its VERBOSE log.
function refusedKeys(sshd: TestSshd): number {
  return sshd
    .log()
    .split('\n')
    .filter((l) => l.startsWith('Failed publickey')).length;
}

describe.skipIf(!sshdAvailable())('SSH authentication order with an ssh-agent holding many keys', () => {
  let sshd: TestSshd;
  let throwaway: string[];
  let crowded: TestAgent; // eight keys the server does not know
  let crowdedWithRight: TestAgent; // the same eight, then the authorized key
  let rightOnly: TestAgent; // the authorized key alone

  beforeAll(async () => {
    sshd = await startSshd({ extraConfig: ['MaxAuthTries 6'] });
    throwaway = throwawayKeys(sshd.dir, 'throwaway', 8);
    crowded = await startAgent(path.join(sshd.dir, 'crowded.sock'), throwaway);
    crowdedWithRight = await startAgent(path.join(sshd.dir, 'crowded-right.sock'), [...throwaway, sshd.clientKeyPath]);
    rightOnly = await startAgent(path.join(sshd.dir, 'right.sock'), [sshd.clientKeyPath]);
  });
  afterAll(async () => {
    await crowded?.stop();
    await crowdedWithRight?.stop();
    await rightOnly?.stop();
    await sshd?.stop();
  });

  async function login(overrides: Parameters<typeof sshTransport>[1], agentSocket: string): Promise<string> {
    const t = sshTransport(sshd, overrides, { agentSocket });
    try {
      return (await t.exec(['echo', 'in'])).stdout;
    } finally {
      await t.close();
    }
  }

  it('offers the configured identity file before eight agent keys the server does not know', async () => {
    const before = refusedKeys(sshd);
    expect(await login({ identityFiles: [sshd.clientKeyPath] }, crowded.socket)).toBe('in\n');
    await new Promise((r) => setTimeout(r, 200)); // sshd writes its log asynchronously
    expect(refusedKeys(sshd) - before).toBe(0);
  });

  it("signs through the agent for an identity file it holds, at the identity file's place", async () => {
    // An encrypted copy without its .pub: only the agent can sign, and the file alone names the key.
    const locked = path.join(sshd.dir, 'locked_copy');
    copyFileSync(sshd.clientKeyPath, locked);
    chmodSync(locked, 0o600);
    execFileSync('ssh-keygen', ['-q', '-p', '-f', locked, '-P', '', '-N', 'a passphrase'], { stdio: 'ignore' });
    expect(existsSync(`${locked}.pub`)).toBe(false);
    const before = refusedKeys(sshd);
    expect(await login({ identityFiles: [locked] }, crowdedWithRight.socket)).toBe('in\n');
    await new Promise((r) => setTimeout(r, 200));
    expect(refusedKeys(sshd) - before).toBe(0);
  });

  it('offers only the configured identities when IdentitiesOnly is set', async () => {
    const wrong = throwaway[0]!;
    const overrides = { identityFiles: [wrong], identitiesOnly: true };
    const t = sshTransport(sshd, overrides, { agentSocket: crowdedWithRight.socket });
    const err = await t.ensureConnected().then(
      () => null,
      (e: unknown) => e,
    );
    await t.close();
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).kind).toBe('auth');
    expect((err as TransportError).message).toBe(
      `${sshd.user}@127.0.0.1:${sshd.port}: authentication as ${sshd.user} failed; tried ${wrong} (through ssh-agent)`,
    );
  });

  it('goes on with the identity files within the connect timeout when ssh-agent does not answer', async () => {
    const socket = path.join(sshd.dir, 'mute.sock');
    const mute = net.createServer(() => {});
    await new Promise<void>((r) => mute.listen(socket, r));
    try {
      const started = Date.now();
      expect(await login({ connectTimeoutMs: 3000 }, socket)).toBe('in\n');
      expect(Date.now() - started).toBeLessThan(2500);
    } finally {
      mute.close();
    }
  });

  it("still offers the agent's other keys after the identity files without IdentitiesOnly", async () => {
    const before = refusedKeys(sshd);
    expect(await login({ identityFiles: [throwaway[0]!] }, rightOnly.socket)).toBe('in\n');
    await new Promise((r) => setTimeout(r, 200));
    expect(refusedKeys(sshd) - before).toBe(1);
  });
});
