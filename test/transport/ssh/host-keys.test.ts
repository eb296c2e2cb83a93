import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransportError } from '../../../src/core/errors.js';
import { startSshd, sshdAvailable, type TestSshd } from '../../helpers/sshd.js';
import { knownHostsFile, sshTransport } from './fixtures.js';

function otherKeyLine(sshd: TestSshd, hostField: string, type = 'ed25519'): string {
  const file = path.join(sshd.dir, `other_${type}_${Math.random().toString(36).slice(2)}`);
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', file]);
  const [keyType, key] = readFileSync(`${file}.pub`, 'utf8').trim().split(/\s+/);
  return `${hostField} ${keyType} ${key}`;
}

function fingerprintOfLine(line: string): string {
  return execFileSync('ssh-keygen', ['-lf', '-'], { input: line + '\n', encoding: 'utf8' }).split(/\s+/)[1]!;
}

async function connectError(promise: Promise<unknown>): Promise<TransportError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TransportError);
  return err as TransportError;
}

describe.skipIf(!sshdAvailable())('SSH host key verification and authentication', () => {
  let sshd: TestSshd;
  let keyPart: string; // "ssh-ed25519 AAAA..."

  beforeAll(async () => {
    sshd = await startSshd({ hostKeyTypes: ['ed25519', 'rsa'] });
    keyPart = sshd.knownHostsLine.split(' ').slice(1).join(' ');
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  async function attempt(knownHostsLines: readonly string[], name = 'kh'): Promise<TransportError | null> {
    const t = sshTransport(sshd, { knownHostsFiles: [knownHostsFile(sshd, name, knownHostsLines)] });
    try {
      await t.ensureConnected();
      return null;
    } catch (err) {
      expect(err).toBeInstanceOf(TransportError);
      return err as TransportError;
    } finally {
      await t.close();
    }
  }

  it('accepts a host known under its [host]:port name', async () => {
    expect(await attempt([sshd.knownHostsLine])).toBeNull();
  });

  it('accepts a hashed known_hosts entry', async () => {
    const file = knownHostsFile(sshd, 'hashed', [sshd.knownHostsLine]);
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    const hashed = readFileSync(file, 'utf8');
    expect(hashed).toMatch(/^\|1\|/);
    expect(hashed).not.toContain('127.0.0.1');
    expect(await attempt(hashed.trim().split('\n'), 'hashed-copy')).toBeNull();
  });

  it('accepts a host matched by a wildcard pattern list', async () => {
    expect(await attempt([`other.example,[127.0.0.*]:${sshd.port},!bad.example ${keyPart}`])).toBeNull();
  });

  it('refuses an unknown host with its fingerprint and a way to accept it', async () => {
    const err = await attempt(['# nothing known yet']);
    expect(err?.kind).toBe('host-key-unknown');
    expect(err?.message).toContain(sshd.hostKeyFingerprint);
    expect(err?.message).toContain(`[127.0.0.1]:${sshd.port}`);
    expect(err?.hint).toContain(`ssh-keyscan -t ssh-ed25519 -p ${sshd.port} 127.0.0.1 >>`);
    expect(err?.hint).toContain(sshd.hostKeyFingerprint);
  });

  it('accepts a port-less entry for a host on another port when [host]:port has none, as OpenSSH does', async () => {
    expect(await attempt([`127.0.0.1 ${keyPart}`])).toBeNull();
  });

  it('refuses a changed key under [host]:port even when the port-less entry has the presented key', async () => {
    const err = await attempt([otherKeyLine(sshd, `[127.0.0.1]:${sshd.port}`), `127.0.0.1 ${keyPart}`]);
    expect(err?.kind).toBe('host-key-changed');
  });

  it('calls a host unknown when only its port-less entry has a different key', async () => {
    const err = await attempt([otherKeyLine(sshd, '127.0.0.1')]);
    expect(err?.kind).toBe('host-key-unknown');
  });

  it('refuses a changed key and names both fingerprints', async () => {
    const stale = otherKeyLine(sshd, `[127.0.0.1]:${sshd.port}`);
    const err = await attempt([stale]);
    expect(err?.kind).toBe('host-key-changed');
    expect(err?.message).toContain(sshd.hostKeyFingerprint);
    expect(err?.message).toContain(fingerprintOfLine(stale));
    expect(err?.message).toMatch(/HOST KEY CHANGED/);
  });

  it('names the file, the key the host offers and the commands for [host]:port in a changed-key hint', async () => {
    const file = path.join(sshd.dir, 'kh-changed');
    const err = await attempt([otherKeyLine(sshd, `[127.0.0.1]:${sshd.port}`)], 'kh-changed');
    const name = `[127.0.0.1]:${sshd.port}`;
    expect(err?.hint).toBe(
      'possible man-in-the-middle; if the host was reinstalled, verify the new fingerprint out of band, then: ' +
        `ssh-keygen -R '${name}' -f ${file} && ssh-keyscan -t ssh-ed25519 -p ${sshd.port} 127.0.0.1 >> ${file}; ` +
        `the host offers: ${name} ${keyPart} (${sshd.hostKeyFingerprint})`,
    );
  });

  it('names the known_hosts file and the key the host offers in an unknown-key hint', async () => {
    const file = path.join(sshd.dir, 'kh-unknown');
    const err = await attempt(['# nothing known yet'], 'kh-unknown');
    expect(err?.hint).toBe(
      `verify the fingerprint ${sshd.hostKeyFingerprint} with the host owner, then: ` +
        `ssh-keyscan -t ssh-ed25519 -p ${sshd.port} 127.0.0.1 >> ${file}; ` +
        `the host offers: [127.0.0.1]:${sshd.port} ${keyPart} (${sshd.hostKeyFingerprint})`,
    );
  });

  it('refuses a key marked @revoked even when the host line matches', async () => {
    const err = await attempt([sshd.knownHostsLine, `@revoked * ${keyPart}`]);
    expect(err?.kind).toBe('host-key-changed');
    expect(err?.message).toMatch(/revoked/);
  });

  it('asks for the key type known_hosts has when the server has several', async () => {
    expect(await attempt([sshd.knownHostsLines.rsa!])).toBeNull();
  });

  it('asks for the key type of the port-less entry when [host]:port has none', async () => {
    const rsaPart = sshd.knownHostsLines.rsa!.split(' ').slice(1).join(' ');
    expect(await attempt([`127.0.0.1 ${rsaPart}`])).toBeNull();
  });

  it('uses HostKeyAlias as the known_hosts name', async () => {
    const file = knownHostsFile(sshd, 'alias', [`lab-relay ${keyPart}`]);
    const t = sshTransport(sshd, { knownHostsFiles: [file], hostKeyAlias: 'lab-relay' });
    try {
      await t.ensureConnected();
      expect(t.info().connected).toBe(true);
    } finally {
      await t.close();
    }
  });

  it('reports failed authentication with the user and the keys tried', async () => {
    const wrong = path.join(sshd.dir, 'wrong_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', wrong]);
    const locked = path.join(sshd.dir, 'locked_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'a passphrase', '-f', locked]);
    const t = sshTransport(sshd, { identityFiles: [wrong, locked, path.join(sshd.dir, 'absent')] });
    const err = await connectError(t.ensureConnected());
    await t.close();
    expect(err.kind).toBe('auth');
    expect(err.message).toContain(`authentication as ${sshd.user} failed`);
    expect(err.message).toContain(`tried ${wrong}`);
    expect(err.message).toContain(`${locked}: encrypted and no passphrase available`);
    expect(err.message).toContain('absent: not found');
    expect(err.message).toContain('the server accepts publickey');
    expect(err.message).not.toContain('a passphrase');
  });

  it('authenticates through ssh-agent', async () => {
    const socket = path.join(sshd.dir, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    try {
      await waitFor(() => {
        try {
          readFileSync(socket);
          return false;
        } catch (e) {
          return (e as { code?: string }).code !== 'ENOENT';
        }
      });
      execFileSync('ssh-add', [sshd.clientKeyPath], {
        env: { ...process.env, SSH_AUTH_SOCK: socket },
        stdio: 'ignore',
      });
      const t = sshTransport(sshd, { identityFiles: [] }, { agentSocket: socket });
      try {
        expect((await t.exec(['echo', 'agent'])).stdout).toBe('agent\n');
      } finally {
        await t.close();
      }
    } finally {
      agent.kill();
    }
  });

  it('falls back to identity files when the ssh-agent socket is dead', async () => {
    const t = sshTransport(sshd, {}, { agentSocket: path.join(sshd.dir, 'no-agent-here.sock') });
    try {
      expect((await t.exec(['echo', 'no agent'])).stdout).toBe('no agent\n');
    } finally {
      await t.close();
    }
  });

  it('fails fast from memory after a failed connect, within the failure window', async () => {
    const t = sshTransport(sshd, { knownHostsFiles: [knownHostsFile(sshd, 'empty2', [])] }, { failureCacheMs: 60_000 });
    const before = sshd.log().length;
    const first = await connectError(t.ensureConnected());
    const second = await connectError(t.exec(['true']));
    expect(second).toBe(first);
    await new Promise((r) => setTimeout(r, 300)); // sshd writes its log asynchronously
    const connects = sshd
      .log()
      .slice(before)
      .split('\n')
      .filter((l) => l.startsWith('Connection from')).length;
    expect(connects).toBe(1);
    await t.close();
  });
});

async function waitFor(ok: () => boolean): Promise<void> {
  const until = Date.now() + 5000;
  while (!ok()) {
    if (Date.now() > until) throw new Error('condition not met within 5 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}
