// Compiles the CLI and what it loads into dist/test-cli (gitignored), shared by every CLI test file:
// a lock serialises builds, a stamp of the sources skips the build when nothing changed, and tsc
// builds incrementally. Tests then run the real binary.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../..');
const DIR = join(REPO, 'dist', 'test-cli');
const LOCK = `${DIR}.lock`;

// Entry points the CLI imports lazily; listed so tsc compiles them too when they exist.
const ENTRIES = ['src/cli/main.ts', 'src/config/index.ts', 'checks/index.ts', 'src/transport/index.ts'];

export interface Built {
  readonly bin: string;
}

export async function buildCli(): Promise<Built> {
  await lock();
  try {
    const stamp = sourceStamp();
    const stampFile = join(DIR, 'stamp');
    const bin = join(DIR, 'src/cli/main.js');
    if (!existsSync(bin) || !existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== stamp) {
      compile();
      writeFileSync(stampFile, stamp);
    }
    if (!existsSync(bin)) throw new Error(`tsc did not produce ${bin}`);
    return { bin };
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function compile(): void {
  mkdirSync(DIR, { recursive: true });
  const tsconfig = join(DIR, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(REPO, 'tsconfig.json'),
      compilerOptions: {
        outDir: DIR,
        rootDir: REPO,
        sourceMap: false,
        noEmitOnError: false,
        incremental: true,
        tsBuildInfoFile: join(DIR, '.tsbuildinfo'),
      },
      include: [],
      files: ENTRIES.map((e) => join(REPO, e)).filter((f) => existsSync(f)),
    }),
  );
  try {
    execFileSync(join(REPO, 'node_modules/.bin/tsc'), ['-p', tsconfig], { cwd: REPO, stdio: 'pipe' });
  } catch {
    // Type errors in files being written by others still emit JavaScript; the tests judge the result.
  }
}

// Path, size and mtime of every source file the binary can load.
function sourceStamp(): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name)) {
        const s = statSync(path);
        hash.update(`${path}:${s.size}:${s.mtimeMs}\n`);
      }
    }
  };
  for (const top of ['src', 'checks']) if (existsSync(join(REPO, top))) walk(join(REPO, top));
  hash.update(readFileSync(join(REPO, 'package.json')));
  return hash.digest('hex');
}

// mkdir is atomic: whoever creates the lock directory builds; a lock older than 3 minutes is stale.
async function lock(): Promise<void> {
  mkdirSync(join(REPO, 'dist'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      return;
    } catch {
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > 180_000) rmSync(LOCK, { recursive: true, force: true });
      } catch {
        // released meanwhile
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

export function runCli(
  bin: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; nodeArgs?: string[]; stdin?: string } = {},
): Promise<Ran> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), bin, ...args], {
      cwd: REPO,
      env: {
        ...process.env,
        CI: 'true',
        NO_COLOR: '',
        OXDOCTOR_CONFIG: '',
        OXDOCTOR_CACHE_DIR: join(tmpdir(), 'oxdoctor-cli-test-cache'),
        ...options.env,
      },
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (options.stdin !== undefined) child.stdin!.end(options.stdin);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr, ms: performance.now() - started }));
  });
}
