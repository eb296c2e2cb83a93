// What the binary says about config and secret files it cannot use: one line, exit 3, at once.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, REPO, runCli, type Built } from './build.js';

let built: Built;
let dir: string;

beforeAll(async () => {
  built = await buildCli();
  dir = mkdtempSync(join(tmpdir(), 'oxdoctor-cli-config-files-'));
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => runCli(built.bin, args);

describe('a config file oxdoctor cannot use', () => {
  it('is refused at once when it is a FIFO, by check and by config validate', async () => {
    const fifo = join(dir, 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    for (const args of [
      ['--config', fifo, 'check'],
      ['--config', fifo, 'config', 'validate'],
    ]) {
      const r = await run(...args);
      expect(r).toMatchObject({ code: 3, stdout: '' });
      expect(r.stderr).toBe(`oxdoctor: config file ${fifo} is a FIFO (named pipe), not a regular file\n`);
    }
  }, 15_000);

  it('is refused when it is /dev/urandom or a directory, with no trailer about lines above', async () => {
    expect((await run('--config', '/dev/urandom', 'check')).stderr).toBe(
      'oxdoctor: config file /dev/urandom is a character device, not a regular file\n',
    );
    const directory = await run('--config', dir, 'check');
    expect(directory.stderr).toBe(`oxdoctor: config file ${dir} is a directory, not a regular file\n`);
  }, 15_000);

  it('names an alias bomb at its line instead of reporting a bug', async () => {
    const file = join(REPO, 'test/fixtures/config/invalid/alias-bomb.yaml');
    const r = await run('--config', file, 'check');
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`oxdoctor: ${file}:6:36: aliases expand the document to more than 1000000 values\n`);
  });

  it('names UTF-16 text instead of printing its NULs', async () => {
    const path = join(dir, 'utf16.yaml');
    const text = Buffer.from('hosts:\n  here: { local: true }\n', 'utf16le');
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), text]));
    const r = await run('--config', path, 'config', 'validate');
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `oxdoctor: config file ${path} is UTF-16 text, expected UTF-8 (iconv -f UTF-16 -t UTF-8 converts it)\n`,
    );
  });
});

describe('a secret file oxdoctor cannot use', () => {
  it('is refused at once when it is a FIFO or /dev/zero', async () => {
    const fifo = join(dir, 'pw.fifo');
    execFileSync('mkfifo', [fifo]);
    const config = join(dir, 'secrets.yaml');
    writeFileSync(
      config,
      'hosts:\n  here: { local: true, roles: [groupware] }\n' +
        `ox: { context: 1, admin: oxadmin, adminPassword: { file: ${fifo} } }\n` +
        'imapAdmin: { login: cyrus, password: { file: /dev/zero } }\n',
    );
    const r = await run('--config', config, 'config', 'validate');
    expect(r).toMatchObject({ code: 3, stdout: '' });
    expect(r.stderr).toBe(
      `oxdoctor: ${config}:3:50: ox.adminPassword: secret file ${fifo} is a FIFO (named pipe), not a regular file\n` +
        `oxdoctor: ${config}:4:38: imapAdmin.password: secret file /dev/zero is a character device, not a regular file\n`,
    );
  }, 15_000);
});

describe('a config file that is fine', () => {
  it('still validates', async () => {
    const path = join(dir, 'fine.yaml');
    const text =
      'site: Grün\nhosts:\n  here: { local: true, roles: [relay] }\nthresholds: { queue.hold: { warn: 1 } }\n';
    writeFileSync(path, `\ufeff${text}`);
    const r = await run('--config', path, 'config', 'validate');
    expect(r).toMatchObject({ code: 0, stdout: `config OK: ${path}\n`, stderr: '' });
  });
});
