// Every check lists the failure modes of the component it covers (issue 15): those it catches, each quoted by a
// test of that check (in a test title or a `// catches:` line next to the assertion), and those it misses.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';

const TESTS = fileURLToPath(new URL('.', import.meta.url));

// test/checks/<group>/<name>.test.ts, <name>.lab.test.ts, <name>-*.test.ts and test/checks/<group>/<name>/**.
function testTextOf(id: string): string {
  const [group, name] = id.split('/') as [string, string];
  const dir = join(TESTS, group);
  if (!existsSync(dir)) return '';
  const files: string[] = [];
  const walk = (path: string): void => {
    if (statSync(path).isDirectory()) for (const e of readdirSync(path)) walk(join(path, e));
    else if (path.endsWith('.ts')) files.push(path);
  };
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (entry === name) walk(path);
    else if (entry.startsWith(`${name}.`) || entry.startsWith(`${name}-`)) files.push(path);
  }
  // Prettier may break a long quoted line: compare with whitespace runs and string joins folded.
  return files.map((f) => fold(readFileSync(f, 'utf8'))).join('\n');
}

const fold = (text: string): string => text.replace(/['"`]\s*\+\s*['"`]/g, '').replace(/\s+/g, ' ');

describe('failure modes of every check', () => {
  it.each(checks.map((c) => [c.id, c] as const))('%s lists what it catches, each shown by its tests', (id, c) => {
    expect(c.catches ?? [], `${id} lists no failure mode it catches`).not.toEqual([]);
    const text = testTextOf(id);
    const unshown = (c.catches ?? []).filter((mode) => !text.includes(fold(mode)));
    expect(unshown, `${id}: no test of test/checks/${id}* quotes these`).toEqual([]);
  });

  it('names what each check misses where it has such modes, never an empty entry', () => {
    for (const c of checks) for (const m of [...(c.catches ?? []), ...(c.misses ?? [])]) expect(m.trim()).not.toBe('');
  });
});
