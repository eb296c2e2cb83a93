// Behaviour on a real terminal: `script` gives the binary a pseudo-terminal as stdout.
import { execFile, execFileSync } from 'node:child_process';
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

describe.skipIf(!existsSync(SCRIPT))('oxdoctor on a terminal', () => {
  it('without a command says the dashboard is not built yet, then runs check in colour', async () => {
    const out = await onTerminal(['--host', 'here', '--check', 'host/ssh'], { CI: undefined });
    const lines = out.split('\n');
    expect(lines[0]).toBe('oxdoctor: the dashboard is not built yet; running `oxdoctor check` instead');
    expect(lines[1]).toBe('\u001b[32mOK  \u001b[0m  host/ssh  here  here is this machine: no SSH needed');
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
