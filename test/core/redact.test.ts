import { describe, expect, it } from 'vitest';
import { Redactor, Secret, redactor } from '../../src/core/redact.js';
import { inspect } from 'node:util';

describe('the redactor', () => {
  it('masks a secret with spaces completely, not half', () => {
    const r = new Redactor();
    r.register('correct horse battery');
    expect(r.redact('password=correct horse battery;')).toBe('password=********;');
    expect(r.redact('correct horse')).toBe('correct horse');
  });

  it('masks the URL-encoded, JSON-escaped and base64 forms', () => {
    const r = new Redactor();
    r.register('p@ss "w/ord"');
    expect(r.redact(encodeURIComponent('p@ss "w/ord"'))).toBe('********');
    expect(r.redact(JSON.stringify({ pw: 'p@ss "w/ord"' }))).not.toContain('w/ord');
    expect(r.redact(Buffer.from('p@ss "w/ord"').toString('base64'))).toContain('********');
  });

  it('masks every string in a nested value', () => {
    const r = new Redactor();
    r.register('s3cr3t!');
    expect(r.redactDeep({ a: ['x s3cr3t! y'], b: { c: 's3cr3t!' }, n: 1 })).toEqual({
      a: ['x ******** y'],
      b: { c: '********' },
      n: 1,
    });
  });

  it('treats regex metacharacters in secrets literally', () => {
    const r = new Redactor();
    r.register('a.b*c');
    expect(r.redact('axbbc a.b*c')).toBe('axbbc ********');
  });
});

describe('a Secret', () => {
  it('never prints its value by accident', () => {
    const s = new Secret('hunter22-value', 'env:TEST_PW');
    expect(String(s)).not.toContain('hunter22');
    expect(JSON.stringify({ s })).toBe('{"s":"<secret env:TEST_PW>"}');
    expect(inspect(s)).not.toContain('hunter22');
    expect(`${s}`).not.toContain('hunter22');
    expect(s.reveal()).toBe('hunter22-value');
  });

  it('registers itself with the one redactor', () => {
    new Secret('registered-on-creation', 'file:/x');
    expect(redactor.redact('x registered-on-creation y')).toBe('x ******** y');
  });
});
