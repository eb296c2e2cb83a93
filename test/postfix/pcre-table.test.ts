import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluatePcre, parsePcreTable, toRegExp } from '../../src/postfix/pcre-table.js';

const lab = (path: string) => readFileSync(fileURLToPath(new URL(`../lab/hosts/${path}`, import.meta.url)), 'utf8');
const value = (text: string, key: string) => {
  const a = evaluatePcre(parsePcreTable(text), key);
  return a.found === true ? a.value : a.found;
};

describe('pcre tables of the seed and the lab', () => {
  it("relay's duplicate_mail rewrites every recipient to the archive domain", () => {
    const map = lab('relay/files/etc/postfix/duplicate_mail');
    expect(value(map, 'test1001@example.com')).toBe('test1001@serverb.example.com');
    expect(value(map, 'a.b+c@oxmail.example.com')).toBe('a.b+c@serverb.example.com');
    expect(value(map, 'no-at-sign')).toBe(false);
  });

  it("server B's copyfix reverts the archive domain and leaves other addresses alone", () => {
    const map = lab('serverb/files/etc/postfix/copyfix');
    expect(value(map, 'test1001@serverb.example.com')).toBe('test1001@oxmail.example.com');
    expect(value(map, 'Test1001@SERVERB.example.com')).toBe('Test1001@oxmail.example.com');
    expect(value(map, 'test1001@example.com')).toBe(false);
  });

  it("server A's archive_sentmail has one line per sender domain and matches nothing else", () => {
    const map = lab('servera/files/etc/postfix/archive_sentmail');
    expect(value(map, 'test1001@example.com')).toBe('test1001@serverb.example.com');
    expect(value(map, 'test1001@example.org')).toBe('test1001@serverb.example.com');
    expect(value(map, 'test1001@example.net')).toBe(false);
    // the seed's unescaped dot matches any character, as postfix's PCRE does
    expect(value(map, 'x@exampleXcom')).toBe('x@serverb.example.com');
  });
});

describe('pcre table syntax', () => {
  it('honours if/endif nesting, negation, the i toggle, ${n} and $$', () => {
    const map = `# comment
if /@example\\.com$/
/^admin@/ root
if !/^test/
/^(.*)@/ other-$1
endif
/^(test)(\\d+)@/ \${1}-\${2}-$$
endif
/^CASE@x$/i exact
/^(?P<u>[^@]+)@y$/ named-$1
/^a@b$/ first
/^a@b$/ second
`;
    expect(value(map, 'admin@example.com')).toBe('root');
    expect(value(map, 'bob@example.com')).toBe('other-bob');
    expect(value(map, 'test12@example.com')).toBe('test-12-$');
    expect(value(map, 'case@x')).toBe(false);
    expect(value(map, 'CASE@x')).toBe('exact');
    expect(value(map, 'joe@y')).toBe('named-joe');
    expect(value(map, 'a@b')).toBe('first');
  });

  it('joins continuation lines and accepts other delimiters', () => {
    expect(value('/^x@/\n   result\n', 'x@y')).toBe('result');
    expect(value('|^/path/x$| ok\n', '/path/x')).toBe('ok');
    expect(value('#^x$# ok\n', 'x')).toBe(false); // a leading # is a comment, as for postfix
  });

  it('says which rule it cannot evaluate instead of guessing', () => {
    const a = evaluatePcre(parsePcreTable('/^(?i)x/ a\n/^(a+)+$/U b\n'), 'x');
    expect(a).toMatchObject({ found: 'unknown', line: 1 });
    expect('problem' in toRegExp('a++', '')).toBe(true);
    expect('regex' in toRegExp('\\Aab\\z', '')).toBe(true);
  });

  it('reports lines without a result', () => {
    expect(parsePcreTable('/^x/\n').errors[0]).toMatch(/line 1: no result/);
  });
});
