import { describe, expect, it } from 'vitest';
import { findAddress } from '../../../src/user/routing/find.js';
import { lookupsOf, ref } from './samples.js';

describe('an address-keyed map list, asked as postfix asks it', () => {
  const sentmail = [ref('pcre:/etc/postfix/archive_sentmail')];

  it("the seed's archive_sentmail gives the Sent Items copy per sender domain", async () => {
    expect(await findAddress(sentmail, 'test1001@example.org', lookupsOf('servera'))).toMatchObject({
      kind: 'found',
      value: 'test1001@serverb.example.com',
    });
    expect(await findAddress(sentmail, 'test1001@oxmail.example.com', lookupsOf('servera'))).toEqual({ kind: 'none' });
  });

  it("the relay's duplicate_mail copies every recipient to the archive domain", async () => {
    const bcc = [ref('pcre:/etc/postfix/duplicate_mail')];
    expect(await findAddress(bcc, 'exch01@example.com', lookupsOf('relay'))).toMatchObject({
      value: 'exch01@serverb.example.com',
    });
  });

  it('asks @domain of tables that are no regular expressions, and keeps an error', async () => {
    const asked: string[] = [];
    const table = ref('hash:/etc/postfix/relay_recipients');
    const found = await findAddress([table], 'x@example.com', async (_t, key) => {
      asked.push(key);
      return key === '@example.com'
        ? { kind: 'error', cause: 'missing', message: 'no such file' }
        : { kind: 'not-found' };
    });
    expect(asked).toEqual(['x@example.com', '@example.com']);
    expect(found).toMatchObject({ kind: 'error', key: '@example.com', message: 'no such file' });
  });
});
