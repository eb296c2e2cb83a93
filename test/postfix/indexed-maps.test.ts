import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshnessArgv, indexedMap, parseFreshness } from '../../src/postfix/indexed-maps.js';
import { parseTableRef } from '../../src/postfix/main-cf.js';

const ref = (text: string) => parseTableRef(text)!;

describe('indexed maps', () => {
  it('knows the database file and the fix of each indexed type', () => {
    expect(indexedMap(ref('hash:/etc/postfix/transport'))).toMatchObject({
      database: '/etc/postfix/transport.db',
      fix: 'postmap hash:/etc/postfix/transport',
    });
    expect(indexedMap(ref('proxy:btree:/etc/postfix/x'))?.database).toBe('/etc/postfix/x.db');
    expect(indexedMap(ref('cdb:/etc/postfix/y'))?.database).toBe('/etc/postfix/y.cdb');
    expect(indexedMap(ref('hash:/etc/aliases'))?.fix).toBe('postalias hash:/etc/aliases');
  });

  it('ignores tables postmap does not compile', () => {
    for (const t of ['ldap:/etc/postfix/a', 'pcre:/etc/postfix/b', 'texthash:/etc/postfix/c', 'hash:relative'])
      expect(indexedMap(ref(t))).toBeNull();
  });
});

describe('the freshness script, run by the local sh', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oxdoctor-maps-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, epoch: number) => {
    writeFileSync(join(dir, name), name);
    utimesSync(join(dir, name), epoch, epoch);
  };

  it('tells fresh, stale, missing database and missing source apart, with times', () => {
    file('fresh', 1000);
    file('fresh.db', 1000);
    file('stale', 2002);
    file('stale.db', 2000);
    file('nodb', 3000);
    file('nosrc.db', 4000);
    const maps = ['fresh', 'stale', 'nodb', 'nosrc'].map((n) => indexedMap(ref(`hash:${join(dir, n)}`))!);
    const [cmd, ...args] = freshnessArgv(maps);
    const lines = parseFreshness(execFileSync(cmd!, args, { encoding: 'utf8' }));
    expect(lines.map((l) => l.state)).toEqual(['fresh', 'stale', 'no-database', 'no-source']);
    expect(lines[1]).toMatchObject({ source: join(dir, 'stale'), sourceMtime: 2002, databaseMtime: 2000 });
  });

  it('passes hostile file names as arguments, never as code', () => {
    const evil = join(dir, "x'; touch pwned; echo '$(id)");
    const [cmd, ...args] = freshnessArgv([indexedMap(ref(`hash:${evil}`))!]);
    const lines = parseFreshness(execFileSync(cmd!, args, { encoding: 'utf8', cwd: dir }));
    expect(lines).toEqual([{ source: evil, state: 'no-source' }]);
    expect(() => execFileSync('test', ['-e', join(dir, 'pwned')])).toThrow();
  });
});
