// Issue 13: output to a device that fails (/dev/full) is one line on stderr and exit 3 (UNKNOWN), never a
// stack trace or exit 1 (which reads as WARNING); a closed pipe stays quiet.
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, REPO, type Built } from './build.js';

let built: Built;
let dir: string;
beforeAll(async () => {
  built = await buildCli();
  dir = mkdtempSync(join(tmpdir(), 'oxdoctor-write-errors-'));
  writeFileSync(join(dir, 'site.yaml'), 'site: here\nhosts:\n  here: { local: true, roles: [relay] }\n');
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Runs the binary with stdout on the given fd; resolves with the exit code and stderr.
function runTo(stdoutFd: number, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [built.bin, ...args], {
      cwd: REPO,
      env: { ...process.env, CI: 'true', HOME: dir, OXDOCTOR_CACHE_DIR: join(dir, 'cache') },
      stdio: ['ignore', stdoutFd, 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('close', (code) => resolve({ code, stderr }));
  });
}

describe('writing the output to /dev/full', () => {
  it.each([
    ['check in prometheus format', ['--config', 'SITE', 'check', '--check', 'host/ssh', '--format', 'prometheus']],
    ['check in json format', ['--config', 'SITE', 'check', '--check', 'host/ssh', '--format', 'json']],
    ['the catalogue', ['checks']],
    ['--help', ['--help']],
  ])('%s: one line and exit 3', async (_what, args) => {
    const fd = openSync('/dev/full', 'w');
    try {
      const r = await runTo(
        fd,
        args.map((a) => (a === 'SITE' ? join(dir, 'site.yaml') : a)),
      );
      expect(r.stderr).toBe('oxdoctor: cannot write the output: no space left on the device\n');
      expect(r.code).toBe(3);
    } finally {
      closeSync(fd);
    }
  });
});
