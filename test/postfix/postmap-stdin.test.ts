import { describe, expect, it } from 'vitest';
import { domainOf, parsePostmapStdin, postmapStdinError } from '../../src/postfix/postmap-stdin.js';

describe('postmap -q - output', () => {
  it('maps each found key (lower case) to its value, as postfix 3.7 printed it on the lab relay', () => {
    const found = parsePostmapStdin(
      'test1001@example.com\ttest1001@serverb.example.com\nX@y.org\tx@serverb.example.com\n',
    );
    expect([...found]).toEqual([
      ['test1001@example.com', 'test1001@serverb.example.com'],
      ['x@y.org', 'x@serverb.example.com'],
    ]);
  });

  it('splits at the tab postmap writes, so a key with spaces stays whole (output of postmap 3.7 -q - pcre:)', () => {
    expect([...parsePostmapStdin('a b c@example.com\ta b c@x.com\nzz@example.com\tzz@x.com\n')]).toEqual([
      ['a b c@example.com', 'a b c@x.com'],
      ['zz@example.com', 'zz@x.com'],
    ]);
  });

  it('keeps spaces inside a value and ignores blank lines', () => {
    expect(parsePostmapStdin('\nkey a value with spaces\r\n').get('key')).toBe('a value with spaces');
  });

  it('tells a broken table from "not found" only by the fatal line', () => {
    expect(postmapStdinError('postmap: fatal: open /etc/postfix/transport.db: No such file or directory\n')).toBe(
      'fatal: open /etc/postfix/transport.db: No such file or directory',
    );
    expect(postmapStdinError('postmap: warning: something harmless\n')).toBeNull();
    expect(postmapStdinError('')).toBeNull();
  });

  it('takes the domain after the last @', () => {
    expect(domainOf('a@b@Serverb.Example.com')).toBe('serverb.example.com');
    expect(domainOf('nodomain')).toBe('');
  });
});
