import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyPostmap, parsePostmapBatch, postmapBatchArgv } from '../../src/postfix/postmap-query.js';

describe('postmap -q answers', () => {
  it('reads exit 0 as found, with the value', () => {
    expect(classifyPostmap(0, 'test1001@oxmail.example.com\n')).toEqual({
      kind: 'found',
      value: 'test1001@oxmail.example.com',
    });
  });

  it('reads exit 1 without a fatal line as not found', () => {
    expect(classifyPostmap(1, '')).toEqual({ kind: 'not-found' });
  });

  it('tells a refused bind, an unreachable server and a missing file apart (texts of postfix 3.7)', () => {
    const bind = classifyPostmap(
      1,
      'postmap: warning: dict_ldap_connect: Unable to bind to server ldap://127.0.10.10:389 with dn CN=svc-postfix,OU=Service Accounts,DC=example,DC=com: 49 (Invalid credentials)\npostmap: fatal: table ldap:/tmp/m: query error: Application error\n',
    );
    expect(bind).toMatchObject({ kind: 'error', cause: 'bind' });
    const down = classifyPostmap(
      1,
      "postmap: warning: dict_ldap_connect: Unable to bind to server ldap://127.0.10.10:3999 with dn CN=x: -1 (Can't contact LDAP server)\npostmap: fatal: table ldap:/tmp/m: query error: Transport endpoint is not connected\n",
    );
    expect(down).toMatchObject({ kind: 'error', cause: 'unreachable' });
    expect(
      classifyPostmap(1, 'postmap: fatal: open database /etc/postfix/transport.db: No such file or directory\n'),
    ).toMatchObject({ kind: 'error', cause: 'missing' });
    expect(
      classifyPostmap(
        1,
        'postmap: warning: dict_ldap_lookup: Search error -5: Timed out\npostmap: fatal: table x: query error\n',
      ),
    ).toMatchObject({ cause: 'timeout' });
  });
});

describe('the batch script, run by the local sh with a real postmap', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oxdoctor-postmap-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let hasPostmap = true;
  try {
    execFileSync('sh', ['-c', 'PATH=$PATH:/usr/sbin command -v postmap'], { stdio: 'ignore' });
  } catch {
    hasPostmap = false;
  }

  it.skipIf(!hasPostmap)('answers each lookup in order, hostile keys included, and runs nothing they contain', () => {
    const map = join(dir, 'map');
    writeFileSync(map, '/^(.*)@example\\.com$/ $1@oxmail.example.com\n');
    const pcre = `pcre:${map}`;
    const evil = `$(touch ${join(dir, 'pwned')})'";\n*)(uid=*@example.com`;
    // postmap reads a main.cf; a fresh machine with postfix installed unconfigured has none in /etc/postfix.
    writeFileSync(join(dir, 'main.cf'), '');
    const argv = postmapBatchArgv(
      [
        { key: 'test1001@example.com', table: pcre },
        { key: 'x@example.net', table: pcre },
        { key: evil, table: pcre },
        { key: 'k', table: `hash:${join(dir, 'nothing')}` },
      ],
      dir,
    );
    const out = execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
    const answers = parsePostmapBatch(out, 4);
    expect(answers?.[0]).toEqual({ kind: 'found', value: 'test1001@oxmail.example.com' });
    expect(answers?.[1]).toEqual({ kind: 'not-found' });
    expect(answers?.[3]).toMatchObject({ kind: 'error', cause: 'missing' });
    expect(() => execFileSync('test', ['-e', join(dir, 'pwned')])).toThrow();
  });
});
