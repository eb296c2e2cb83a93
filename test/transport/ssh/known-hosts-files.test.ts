// known_hosts files are read only when they are regular files of sane size: a FIFO would hold the connect
// forever, /dev/zero would fill memory.
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { EnvironmentError, TransportError } from '../../../src/core/errors.js';
import { loadKnownHosts } from '../../../src/transport/ssh/known-hosts.js';
import { openSshConnection } from '../../../src/transport/ssh/connect.js';
import { fifoWithLateWriter } from '../../helpers/fifo.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'oxdoctor-known-hosts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function lateFifo(name: string): string {
  const fifo = fifoWithLateWriter(path.join(dir, name), 'relay ssh-ed25519 AAAA\n');
  cleanups.push(() => fifo.close());
  return fifo.path;
}

async function refusal(files: readonly string[]): Promise<Error> {
  const err = await loadKnownHosts(files).then(
    () => new Error('loaded'),
    (e: unknown) => e as Error,
  );
  expect(err).toBeInstanceOf(EnvironmentError);
  return err;
}

describe('known_hosts files', () => {
  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const fifo = lateFifo('fifo_known_hosts');
    const started = Date.now();
    const err = await refusal([fifo]);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(err.message).toBe(`known_hosts file ${fifo} is a FIFO (named pipe), not a regular file`);
  });

  it('refuses a device such as /dev/null', async () => {
    expect((await refusal(['/dev/null'])).message).toBe(
      'known_hosts file /dev/null is a character device, not a regular file',
    );
  });

  it('refuses a file over 16 MiB', async () => {
    const file = path.join(dir, 'huge_known_hosts');
    writeFileSync(file, '');
    truncateSync(file, (16 << 20) + 1);
    expect((await refusal([file])).message).toBe(`known_hosts file ${file} is larger than 16 MiB (16777217 bytes)`);
  });

  it('skips a file that is missing, or whose directory is a file, as ssh does', async () => {
    const file = path.join(dir, 'plain_file');
    writeFileSync(file, '');
    expect(await loadKnownHosts([path.join(dir, 'none'), path.join(file, 'below')])).toEqual([]);
  });

  it('fails the connection in one line naming the file, before any network traffic', async () => {
    const fifo = lateFifo('fifo_for_connect');
    const target = {
      hostname: '192.0.2.1', // TEST-NET-1: nothing answers, so only an early refusal is fast
      port: 22,
      user: 'root',
      identityFiles: [],
      knownHostsFiles: [fifo],
      connectTimeoutMs: 5000,
      keepaliveIntervalMs: 15_000,
      maxChannels: 8,
    };
    const started = Date.now();
    const err = await openSshConnection('relay', target).then(
      () => new Error('connected'),
      (e: unknown) => e as Error,
    );
    expect(Date.now() - started).toBeLessThan(1000);
    expect(err).toBeInstanceOf(TransportError);
    expect(err).toMatchObject({ host: 'relay', kind: 'other' });
    expect(err.message).toBe(`known_hosts file ${fifo} is a FIFO (named pipe), not a regular file`);
    expect((err as TransportError).hint).toMatch(/knownHosts/);
  });
});
