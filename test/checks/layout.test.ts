// The layout issue 14 set for checks/, held by the tree itself so a new check cannot drift from it: a file directly
// in checks/<group>/ is a registered check and nothing else, private parts live in checks/<group>/<name>/ beside
// the check's index.ts, and every check has its own unit test file test/checks/<group>/<name>.test.ts.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';

const CHECKS = fileURLToPath(new URL('../../checks', import.meta.url));
const TESTS = fileURLToPath(new URL('.', import.meta.url));
const ids = new Set(checks.map((c) => c.id));
const groups = readdirSync(CHECKS, { withFileTypes: true }).filter((d) => d.isDirectory());

describe('the checks/ folder', () => {
  it('holds only checks directly in a group: every other file sits in its check folder', () => {
    const strays: string[] = [];
    for (const group of groups) {
      for (const entry of readdirSync(join(CHECKS, group.name), { withFileTypes: true })) {
        const id = `${group.name}/${entry.name.replace(/\.ts$/, '')}`;
        if (entry.isFile() && entry.name.endsWith('.ts') && !ids.has(id)) strays.push(`checks/${id}.ts`);
        if (entry.isDirectory() && !(ids.has(id) && existsSync(join(CHECKS, id, 'index.ts')))) {
          strays.push(`checks/${id}/ (no registered check ${id} with an index.ts)`);
        }
      }
    }
    expect(strays).toEqual([]);
  });

  it('gives every registered check a file of its own: checks/<id>.ts or checks/<id>/index.ts', () => {
    const missing = [...ids].filter(
      (id) => !existsSync(join(CHECKS, `${id}.ts`)) && !existsSync(join(CHECKS, id, 'index.ts')),
    );
    expect(missing).toEqual([]);
  });

  it('has a unit test file test/checks/<group>/<name>.test.ts for every check', () => {
    expect([...ids].filter((id) => !existsSync(join(TESTS, `${id}.test.ts`)))).toEqual([]);
  });
});
