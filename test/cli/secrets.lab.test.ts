// No lab secret in any output: every output format of a full sweep, `config show`, --verbose's stderr and
// the dashboard's detail view of every result are searched for every secret in the lab's secrets directory
// (the ones oxdoctor resolves from its configuration and the ones only the hosts know, like configdb's).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { detailLines } from '../../src/tui/detail-lines.js';
import type { StoreEntry } from '../../src/runner/store.js';
import type { Result } from '../../src/core/result.js';
import { buildCli, REPO, runCli, type Built } from './build.js';

const STATE = process.env.OXDOCTOR_LAB_STATE ?? '/var/tmp/oxdoctor-lab';
const CONFIG = join(REPO, 'test/lab/oxdoctor.yaml');
const SECRETS = readdirSync(join(STATE, 'secrets'))
  .filter((f) => f.endsWith('.pw'))
  .map((f) => ({ name: f, value: readFileSync(join(STATE, 'secrets', f), 'utf8').trim() }));

let built: Built;
beforeAll(async () => {
  built = await buildCli();
}, 180_000);

// The names of the secrets whose value appears in text.
function leaked(text: string): string[] {
  return SECRETS.filter((s) => text.includes(s.value)).map((s) => s.name);
}

describe('lab secrets in the output', () => {
  it('knows the secrets to look for, the host-only configdb password among them', () => {
    expect(SECRETS.map((s) => s.name)).toEqual(
      expect.arrayContaining(['configdb.pw', 'ldap-bind.pw', 'ox-admin.pw', 'test1001.pw']),
    );
    for (const s of SECRETS) expect(s.value.length).toBeGreaterThanOrEqual(8);
  });

  it.each(['json', 'text', 'nagios', 'prometheus'])('are in no part of a full sweep in %s format', async (format) => {
    const r = await runCli(built.bin, ['--config', CONFIG, '--verbose', 'check', '--format', format]);
    expect(r.stdout.length).toBeGreaterThan(200);
    expect(leaked(r.stdout)).toEqual([]);
    expect(leaked(r.stderr)).toEqual([]);
  });

  it('are in no line of the detail view of any result, and the configdb file shows its password masked', async () => {
    const r = await runCli(built.bin, ['--config', CONFIG, 'check', '--format', 'json']);
    const results = (JSON.parse(r.stdout) as { results: Result[] }).results;
    expect(results.length).toBeGreaterThan(25);
    const shown: string[] = [];
    for (const result of results) {
      const entry: StoreEntry = {
        key: `${result.check}@${result.host}`,
        check: result.check,
        host: result.host,
        title: result.check,
        state: 'done',
        result,
        changedAt: Date.now(),
      };
      shown.push(...detailLines(entry, undefined, 4000, Date.now()).map((l) => l.text));
    }
    const text = shown.join('\n');
    expect(leaked(text)).toEqual([]);
    expect(text).toMatch(/readProperty\.2=password=\*{8}/);
    expect(text).toMatch(/writeProperty\.2=password=\*{8}/);
  });

  it('are not in `config show`', async () => {
    const r = await runCli(built.bin, ['--config', CONFIG, 'config', 'show']);
    expect(r.code).toBe(0);
    expect(leaked(r.stdout + r.stderr)).toEqual([]);
  });
});
