import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadIdentity } from '../../../src/transport/ssh/identity-file.js';
import { planAuth } from '../../../src/transport/ssh/auth.js';
import { fifoWithLateWriter } from '../../helpers/fifo.js';

function keygen(file: string, passphrase = '', type = 'ed25519', extra: string[] = []): Buffer {
  execFileSync('ssh-keygen', ['-q', '-t', type, ...extra, '-N', passphrase, '-C', 'the comment', '-f', file]);
  return Buffer.from(readFileSync(`${file}.pub`, 'utf8').split(' ')[1]!, 'base64');
}

describe('identity files', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oxdoctor-identity-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a plain private key with its public key and comment', async () => {
    const file = path.join(dir, 'plain');
    const publicKey = keygen(file);
    const id = await loadIdentity(file);
    expect(id).toMatchObject({ present: true, comment: 'the comment', publicKey });
    expect(id.privateKey).toEqual(readFileSync(file));
    expect(id.problem).toBeUndefined();
  });

  it('takes the public key of an encrypted OpenSSH key from its clear header, without its .pub', async () => {
    const file = path.join(dir, 'locked');
    const publicKey = keygen(file, 'a passphrase');
    unlinkSync(`${file}.pub`);
    const id = await loadIdentity(file);
    expect(id.publicKey).toEqual(publicKey);
    expect(id.privateKey).toBeUndefined();
    expect(id.problem).toBe('encrypted and no passphrase available (load it into ssh-agent)');
    expect(JSON.stringify(id)).not.toContain('a passphrase');
  });

  it('takes the public key of an encrypted PEM key from its .pub', async () => {
    const file = path.join(dir, 'locked_pem');
    const publicKey = keygen(file, 'a passphrase', 'rsa', ['-b', '2048', '-m', 'PEM']);
    const id = await loadIdentity(file);
    expect(id.publicKey).toEqual(publicKey);
    expect(id.privateKey).toBeUndefined();
  });

  it('accepts a public key named as the identity file, for the agent to sign with', async () => {
    const file = path.join(dir, 'only_public');
    const publicKey = keygen(file);
    const id = await loadIdentity(`${file}.pub`);
    const problem = 'a public key whose private key ssh-agent does not hold';
    expect(id).toMatchObject({ present: true, publicKey, problem });
    expect(id.privateKey).toBeUndefined();
  });

  it('finds the public key of a missing private key in its .pub, and reports a file with neither absent', async () => {
    const file = path.join(dir, 'moved');
    const publicKey = keygen(file);
    copyFileSync(`${file}.pub`, `${file}_elsewhere.pub`);
    expect(await loadIdentity(`${file}_elsewhere`)).toMatchObject({ present: true, publicKey, problem: 'not found' });
    const nothing = path.join(dir, 'nothing');
    expect(await loadIdentity(nothing)).toEqual({ file: nothing, present: false, comment: '', problem: 'not found' });
  });

  describe('that are not regular files of sane size', () => {
    const cleanups: (() => void)[] = [];
    afterEach(() => {
      for (const c of cleanups.splice(0)) c();
    });

    it('refuses a FIFO at once instead of waiting for a writer', async () => {
      const fifo = fifoWithLateWriter(path.join(dir, 'fifo_key'), 'not a key');
      cleanups.push(() => fifo.close());
      const started = Date.now();
      const id = await loadIdentity(fifo.path);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(id.problem).toBe('is a FIFO (named pipe), not a regular file');
      expect(id.privateKey).toBeUndefined();
    });

    it('refuses a device such as /dev/null without reading it', async () => {
      expect((await loadIdentity('/dev/null')).problem).toBe('is a character device, not a regular file');
    });

    it('refuses a file over 64 KiB', async () => {
      const file = path.join(dir, 'huge_key');
      keygen(file);
      truncateSync(file, (64 << 10) + 1);
      expect((await loadIdentity(file)).problem).toBe('is larger than 64 KiB (65537 bytes)');
    });

    it('is skipped in one line naming the file and why, and the next identity file is still offered', async () => {
      const good = path.join(dir, 'after_fifo');
      keygen(good);
      const fifo = fifoWithLateWriter(path.join(dir, 'fifo_first'), 'not a key');
      cleanups.push(() => fifo.close());
      const plan = await planAuth({ identityFiles: [fifo.path, good], agentTimeoutMs: 1000 });
      expect(plan.skipped).toEqual([`${fifo.path}: is a FIFO (named pipe), not a regular file`]);
      expect(plan.attempts.map((a) => a.label)).toEqual([good]);
    });
  });
});
