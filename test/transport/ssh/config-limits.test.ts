// ~/.ssh/config is not oxdoctor's file: what it says is taken only within what Node and memory can hold.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { resolveSshTarget } from '../../../src/transport/ssh/config.js';
import { fifoWithLateWriter, type LateFifo } from '../../helpers/fifo.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function home(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oxdoctor-sshcfg-limits-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(path.join(dir, '.ssh'));
  return dir;
}

function lateFifo(file: string, text: string): LateFifo {
  const fifo = fifoWithLateWriter(file, text);
  cleanups.push(() => fifo.close());
  return fifo;
}

// Resolves `alias` with only `config` as ssh_config.
function resolve(dir: string, config: string, alias = 'relay') {
  return resolveSshTarget(alias, {}, { configFiles: [config], home: dir, localUser: 'me' });
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('ssh_config timeouts', () => {
  it('caps ConnectTimeout and ServerAliveInterval at one hour, where Node timers still work', () => {
    const dir = home();
    const config = path.join(dir, '.ssh', 'config');
    writeFileSync(config, 'Host relay\n  ConnectTimeout 3000000\n  ServerAliveInterval 99999999999\n');
    expect(resolve(dir, config)).toMatchObject({ connectTimeoutMs: 3_600_000, keepaliveIntervalMs: 3_600_000 });
  });

  it('keeps a value within the hour as it is', () => {
    const dir = home();
    const config = path.join(dir, '.ssh', 'config');
    writeFileSync(config, 'Host relay\n  ConnectTimeout 3600\n  ServerAliveInterval 120\n');
    expect(resolve(dir, config)).toMatchObject({ connectTimeoutMs: 3_600_000, keepaliveIntervalMs: 120_000 });
  });

  it('takes ConnectTimeout 0, which means no timeout of its own to ssh, as the default', () => {
    const dir = home();
    const config = path.join(dir, '.ssh', 'config');
    writeFileSync(config, 'Host relay\n  ConnectTimeout 0\n');
    expect(resolve(dir, config).connectTimeoutMs).toBe(10_000);
  });

  it('refuses a Port outside 1 to 65535 in one line', () => {
    const dir = home();
    const config = path.join(dir, '.ssh', 'config');
    writeFileSync(config, 'Host relay\n  Port 70000\n');
    expect(refusal(() => resolve(dir, config))).toBe('relay: ssh_config Port must be 1 to 65535, got "70000"');
  });
});

describe('ssh_config files', () => {
  it('refuses a FIFO at once instead of waiting for a writer', () => {
    const dir = home();
    const fifo = lateFifo(path.join(dir, '.ssh', 'config'), 'Host relay\n  HostName 10.0.0.1\n');
    const started = Date.now();
    const message = refusal(() => resolve(dir, fifo.path));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(message).toBe(`ssh_config file ${fifo.path} is a FIFO (named pipe), not a regular file`);
  });

  it('refuses an Include that is a FIFO, naming the line that includes it', () => {
    const dir = home();
    const config = path.join(dir, '.ssh', 'config');
    const fifo = lateFifo(path.join(dir, '.ssh', 'site.conf'), 'Host relay\n  HostName 10.0.0.1\n');
    writeFileSync(config, '# site\nInclude site.conf\n');
    const started = Date.now();
    const message = refusal(() => resolve(dir, config));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(message).toBe(`${config}:2: Include ${fifo.path} is a FIFO (named pipe), not a regular file`);
  });

  it('refuses a device such as /dev/null', () => {
    const dir = home();
    expect(refusal(() => resolve(dir, '/dev/null'))).toBe(
      'ssh_config file /dev/null is a character device, not a regular file',
    );
  });

  it('refuses a file over 1 MiB, and an Include over 1 MiB', () => {
    const dir = home();
    const big = path.join(dir, '.ssh', 'big.conf');
    writeFileSync(big, `Host relay\n  HostName 10.0.0.1\n${'#'.repeat(1 << 20)}\n`);
    expect(refusal(() => resolve(dir, big))).toMatch(
      new RegExp(`^ssh_config file ${big} is larger than 1 MiB \\(\\d+ bytes\\)$`),
    );
    const config = path.join(dir, '.ssh', 'config');
    writeFileSync(config, 'Include big.conf\n');
    expect(refusal(() => resolve(dir, config))).toMatch(
      new RegExp(`^${config}:1: Include ${big} is larger than 1 MiB \\(\\d+ bytes\\)$`),
    );
  });

  it('skips a missing Include as ssh does, and keeps the rest of the file', () => {
    const dir = home();
    const config = path.join(dir, '.ssh', 'config');
    writeFileSync(config, 'Include absent.conf\nHost relay\n  HostName 10.0.0.1\n');
    expect(resolve(dir, config).hostname).toBe('10.0.0.1');
  });
});
