// test/logs/follow-child.ts compiled with what it imports into dist/test-follow-child (dist/ is gitignored), so a
// plain node runs it: the tests that kill a following process with SIGKILL need a process of its own.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '../..');
const CHILD_DIR = join(REPO, 'dist', 'test-follow-child');

export function compileFollowChild(): string {
  mkdirSync(CHILD_DIR, { recursive: true });
  const tsconfig = join(CHILD_DIR, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(REPO, 'tsconfig.json'),
      compilerOptions: { outDir: CHILD_DIR, rootDir: REPO, sourceMap: false, noEmitOnError: false },
      include: [],
      files: [join(REPO, 'test/logs/follow-child.ts')],
    }),
  );
  try {
    execFileSync(join(REPO, 'node_modules/.bin/tsc'), ['-p', tsconfig], { cwd: REPO, stdio: 'pipe' });
  } catch {
    // type errors in others' files being written still emit JavaScript
  }
  return join(CHILD_DIR, 'test/logs/follow-child.js');
}
