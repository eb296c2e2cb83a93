// Behaviour on a real terminal: `script` gives the binary a pseudo-terminal as stdout.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, type Built } from './build.js';
import { quoteArgv } from '../../src/transport/quote.js';

const SCRIPT = '/usr/bin/script';
let built: Built;
let dir: string;

beforeAll(async () => {
  built = await buildCli();
  dir = mkdtempSync(join(tmpdir(), 'oxdoctor-cli-tty-'));
  writeFileSync(join(dir, 'site.yaml'), 'site: tty\nhosts:\n  here: { local: true, roles: [relay] }\n');
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Runs the binary with a terminal as stdout and stderr; returns what the terminal showed.
function onTerminal(args: string[], overrides: Record<string, string | undefined>): Promise<string> {
  const command = quoteArgv([process.execPath, built.bin, '--config', join(dir, 'site.yaml'), ...args]);
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '', OXDOCTOR_CONFIG: '', ...overrides };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return new Promise((resolve, reject) => {
    execFile(SCRIPT, ['-qec', command, '/dev/null'], { env }, (err, stdout) => {
      if (err && typeof err.code !== 'number') reject(err);
      else resolve(stdout.replace(/\r\n/g, '\n'));
    });
  });
}

// Runs the binary on a terminal (CI unset), waits until the screen shows `ready`, types `keys`.
function dashboardOnTerminal(
  args: string[],
  ready: RegExp,
  keys: string,
): Promise<{ out: string; code: number | null }> {
  const command = `stty rows 24 cols 80; ${quoteArgv([process.execPath, built.bin, '--config', join(dir, 'site.yaml'), ...args])}`;
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', OXDOCTOR_CONFIG: '' };
  delete env.CI;
  return new Promise((resolve, reject) => {
    const child = spawn(SCRIPT, ['-qec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    let typed = false;
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (!typed && ready.test(out)) {
        typed = true;
        child.stdin.write(keys);
      }
    });
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(killer);
      resolve({ out, code });
    });
  });
}

describe.skipIf(!existsSync(SCRIPT))('oxdoctor on a terminal', () => {
  it('without a command opens the dashboard on the alternate screen, and q gives the screen back', async () => {
    const { out, code } = await dashboardOnTerminal(['--host', 'here', '--check', 'host/ssh'], /checks 1\b/, 'q');
    expect(out.startsWith('\u001b[?1049h')).toBe(true);
    expect(out).toMatch(/oxdoctor {2}tty +sweep #1/);
    expect(out).toMatch(/>OK .*host\/ssh +here +here is this machine: no SSH needed/);
    expect(out.lastIndexOf('\u001b[?1049l')).toBeGreaterThan(out.lastIndexOf('sweep #1'));
    // NO_COLOR=1: bold and inverse mark headings and the selection, but no colour at all.
    expect(out).not.toMatch(/\u001b\[(?:[0-9;]*;)?(?:3[0-79]|9[0-7]|4[0-79])m/);
    expect(code).toBe(0);
  });

  it('with CI set goes straight to check', async () => {
    const out = await onTerminal(['--host', 'here', '--check', 'host/ssh'], { CI: 'true' });
    expect(out).not.toContain('dashboard');
    expect(out.startsWith('\u001b[32mOK')).toBe(true);
  });

  it.each([
    ['NO_COLOR=1', { NO_COLOR: '1' }, []],
    ['--no-color', {}, ['--no-color']],
  ])('prints no colour codes with %s', async (_name, env, flags) => {
    const out = await onTerminal(['check', ...flags, '--host', 'here', '--check', 'host/ssh'], env);
    expect(out).toContain('OK    host/ssh  here');
    expect(out).not.toContain('\u001b[');
  });
});

// Guards the tests above: they would prove nothing if `script` gave the child no terminal.
describe.skipIf(!existsSync(SCRIPT))('the terminal helper', () => {
  it('gives the child a terminal', () => {
    const out = execFileSync(SCRIPT, ['-qec', 'test -t 1 && echo tty', '/dev/null']).toString();
    expect(out.trim()).toBe('tty');
  });
});
