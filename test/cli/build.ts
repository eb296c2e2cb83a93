// Compiles the CLI and what it loads into a private directory under dist/, once per test file,
// so tests run the real binary without racing other files or other helpers' builds.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../..');

// Entry points the CLI imports lazily; listed so tsc compiles them too when they exist.
const ENTRIES = ['src/cli/main.ts', 'src/config/load.ts', 'checks/index.ts', 'src/transport/index.ts'];

export interface Built {
  readonly bin: string;
  readonly dir: string;
  remove(): void;
}

export function buildCli(): Built {
  const dir = join(REPO, 'dist', `test-cli-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const tsconfig = join(dir, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(REPO, 'tsconfig.json'),
      compilerOptions: { outDir: dir, rootDir: REPO, sourceMap: false, noEmitOnError: false },
      include: [],
      files: ENTRIES.map((e) => join(REPO, e)).filter((f) => existsSync(f)),
    }),
  );
  try {
    execFileSync(join(REPO, 'node_modules/.bin/tsc'), ['-p', tsconfig], { cwd: REPO, stdio: 'pipe' });
  } catch {
    // Type errors in files being written by others still emit JavaScript; the tests judge the result.
  }
  const bin = join(dir, 'src/cli/main.js');
  if (!existsSync(bin)) throw new Error(`tsc did not produce ${bin}`);
  return { bin, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

export function runCli(bin: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; nodeArgs?: string[] } = {}): Promise<Ran> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), bin, ...args], {
      cwd: REPO,
      env: { ...process.env, CI: 'true', NO_COLOR: '', OXDOCTOR_CONFIG: '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr, ms: performance.now() - started }));
  });
}
