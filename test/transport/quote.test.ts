import { describe, expect, it } from 'vitest';
import { quoteArg, quoteArgv } from '../../src/transport/quote.js';
import { LocalTransport } from '../../src/transport/local.js';
import { HOSTILE_ARGS } from './hostile.js';

describe('quoteArgv', () => {
  const local = new LocalTransport();

  it('round-trips hostile arguments through a real sh -c byte for byte', async () => {
    const r = await local.exec(['sh', '-c', quoteArgv(['printf', '%s\\0', ...HOSTILE_ARGS])]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\0').slice(0, -1)).toEqual(HOSTILE_ARGS);
  });

  it.each(HOSTILE_ARGS.map((a) => [JSON.stringify(a), a]))('keeps %s as one word in bash too', async (_label, arg) => {
    const r = await local.exec(['bash', '-c', `set -- ${quoteArg(arg)}; printf '%s|%s' "$#" "$1"`]);
    expect(r.stdout).toBe(`1|${arg}`);
  });

  it('leaves plain words unquoted so commands stay readable in evidence', () => {
    expect(quoteArgv(['postconf', '-n', '/etc/postfix/main.cf'])).toBe('postconf -n /etc/postfix/main.cf');
  });

  it('refuses a NUL byte, which no shell can pass', () => {
    expect(() => quoteArg('a\0b')).toThrow(/NUL/);
  });
});
