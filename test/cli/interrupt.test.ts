// Issue 13: SIGINT or SIGTERM mid-sweep ends every command oxdoctor started, on this machine (each in its own
// process group) and on SSH hosts (through the remote helper and on a channel of its own), not only oxdoctor.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSshd, type TestSshd } from '../helpers/sshd.js';
import { buildCli, REPO, type Built } from './build.js';

let built: Built;
let sshd: TestSshd;
let dir: string;
let bin: string;
// A number no other process has on its command line: the hanging commands are `sleep MARK`.
const MARK = String(700_000 + Math.floor(Math.random() * 99_999));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oxdoctor-interrupt-'));
  bin = join(dir, 'bin');
  mkdirSync(bin);
  // df that hangs: host/disk runs it on every host.
  writeFileSync(join(bin, 'df'), `#!/bin/sh\nsleep ${MARK}\n`);
  chmodSync(join(bin, 'df'), 0o755);
  [built, sshd] = await Promise.all([
    buildCli(),
    startSshd({ extraConfig: [`SetEnv PATH=${bin}:/usr/bin:/bin:/usr/sbin:/sbin`] }),
  ]);
  writeFileSync(join(dir, 'known_hosts'), `${sshd.knownHostsLine}\n`);
  const ssh = (extra: string) =>
    `{ user: ${sshd.user}, port: ${sshd.port}, identityFile: ${sshd.clientKeyPath}, knownHosts: ${join(dir, 'known_hosts')}${extra} }`;
  writeFileSync(
    join(dir, 'site.yaml'),
    [
      'site: interrupt',
      'hosts:',
      '  here: { local: true, roles: [relay] }',
      `  helped: { address: 127.0.0.1, roles: [relay], ssh: ${ssh('')} }`,
      `  channel: { address: 127.0.0.1, roles: [relay], ssh: ${ssh(', helper: false')} }`,
      '',
    ].join('\n'),
  );
}, 180_000);

afterAll(async () => {
  for (const pid of hanging()) process.kill(pid, 'SIGKILL');
  await sshd?.stop();
  rmSync(dir, { recursive: true, force: true });
});

// Pids of the `sleep MARK` processes that are still alive (zombies excluded).
function hanging(): number[] {
  const out: number[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const state = /\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
      if (argv[0]?.endsWith('sleep') && argv[1] === MARK && state !== 'Z') out.push(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

async function until(what: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (what()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return what();
}

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('%s in the middle of a sweep', (signal, code) => {
  it('ends the local and remote commands that hang, and exits at once with its own line', async () => {
    const child = spawn(
      process.execPath,
      [built.bin, '--config', join(dir, 'site.yaml'), 'check', '--check', 'host/disk'],
      {
        cwd: REPO,
        env: {
          ...process.env,
          PATH: `${bin}:${process.env.PATH}`,
          HOME: dir,
          CI: 'true',
          OXDOCTOR_CACHE_DIR: join(dir, 'cache'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    // one hanging df per host: here (local), helped (through the helper), channel (its own channel)
    expect(await until(() => hanging().length >= 3, 15_000)).toBe(true);
    const sent = Date.now();
    child.kill(signal);
    expect(await exited).toBe(code);
    expect(Date.now() - sent).toBeLessThan(2500);
    expect(stderr).toMatch(new RegExp(`interrupted by ${signal}`));
    expect(await until(() => hanging().length === 0, 1000)).toBe(true);
  });
});
