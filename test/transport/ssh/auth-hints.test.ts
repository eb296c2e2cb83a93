import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransportError } from '../../../src/core/errors.js';
import { sshDebugCommand } from '../../../src/transport/ssh/command.js';
import { startSshd, sshdAvailable, type TestSshd } from '../../helpers/sshd.js';
import { startAgent, throwawayKeys, type TestAgent } from './agent-fixture.js';
import { sshTransport, targetFor } from './fixtures.js';

// "ssh-ed25519 AAAA... comment (SHA256:...)" as the hint shows a key, from its .pub file.
function keyShown(file: string): string {
  const line = readFileSync(`${file}.pub`, 'utf8').trim();
  const fp = execFileSync('ssh-keygen', ['-lf', `${file}.pub`], { encoding: 'utf8' }).split(/\s+/)[1]!;
  return `${line} (${fp})`;
}

describe.skipIf(!sshdAvailable())('SSH authentication failure hints', () => {
  let sshd: TestSshd;
  let crowded: TestAgent;
  let throwaway: string[];

  beforeAll(async () => {
    sshd = await startSshd({ extraConfig: ['MaxAuthTries 6'] });
    throwaway = throwawayKeys(sshd.dir, 'throwaway', 8);
    crowded = await startAgent(path.join(sshd.dir, 'crowded.sock'), throwaway);
  });
  afterAll(async () => {
    await crowded?.stop();
    await sshd?.stop();
  });

  async function failure(t: ReturnType<typeof sshTransport>): Promise<TransportError> {
    const err = await t.ensureConnected().then(
      () => null,
      (e: unknown) => e,
    );
    await t.close();
    expect(err).toBeInstanceOf(TransportError);
    return err as TransportError;
  }

  it('lists the public keys it offered and gives an ssh command that runs with the same settings', async () => {
    const [first, second] = throwaway as [string, string];
    const t = sshTransport(sshd, { identityFiles: [first, second] });
    const knownHosts = targetFor(sshd).knownHostsFiles[0]!;
    const err = await failure(t);
    expect(err.kind).toBe('auth');
    expect(err.hint).toBe(
      `put one of these public keys into ~${sshd.user}/.ssh/authorized_keys on 127.0.0.1: ` +
        `${keyShown(first)}; ${keyShown(second)}; or load the right key into ssh-agent; ` +
        `to see what ssh does: ssh -v -p ${sshd.port} -i ${first} -i ${second} ` +
        `-o UserKnownHostsFile=${knownHosts} ${sshd.user}@127.0.0.1`,
    );
  });

  it('calls a server that stops after MaxAuthTries an authentication failure, with a command ssh can run', async () => {
    const t = sshTransport(sshd, { identityFiles: [] }, { agentSocket: crowded.socket });
    const knownHosts = targetFor(sshd).knownHostsFiles[0]!;
    const err = await failure(t);
    expect(err.kind).toBe('auth');
    const offered = throwaway.slice(0, 6).map((_, i) => `ssh-agent: throwaway ${i + 1}`);
    expect(err.message).toBe(
      `${sshd.user}@127.0.0.1:${sshd.port}: authentication as ${sshd.user} failed: ` +
        `the server allows no more attempts (Too many authentication failures); tried ${offered.join(', ')}`,
    );
    expect(err.hint).toBe(
      `the server's MaxAuthTries ran out before a key it accepts was offered: name the right key with identityFile ` +
        `(IdentityFile in ~/.ssh/config), with IdentitiesOnly yes if ssh-agent holds many keys; ` +
        `to see what ssh does: ssh -v -p ${sshd.port} -o UserKnownHostsFile=${knownHosts} ${sshd.user}@127.0.0.1`,
    );
  });

  it("gives a command that OpenSSH runs and that reaches the host with oxdoctor's settings", () => {
    const command = sshDebugCommand(targetFor(sshd), [sshd.clientKeyPath]);
    const out = execFileSync('sh', ['-c', `${command} -o BatchMode=yes echo reached`], {
      encoding: 'utf8',
      env: { ...process.env, SSH_AUTH_SOCK: '' },
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 15_000,
    });
    expect(out).toBe('reached\n');
  });
});
