import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatAcl, grants, parseAclResponse, parseListAclMailbox, parseMyRights } from '../../src/cyrus/acl.js';

const CORPUS = fileURLToPath(new URL('../../../shared/corpus/cyrus/', import.meta.url));

describe('RFC 4314 ACL responses', () => {
  it('reads a quoted mailbox name with a space and its identifier/rights pairs', () => {
    const r = parseAclResponse('* ACL "INBOX/Sent Items" anyone p test1001 lrswipkxtecdan');
    expect(r?.mailbox).toBe('INBOX/Sent Items');
    expect([...r!.acl]).toEqual([
      ['anyone', 'p'],
      ['test1001', 'lrswipkxtecdan'],
    ]);
    expect(grants(r!.acl, 'anyone', 'p')).toBe(true);
  });

  it('reads a mailbox name sent as a literal', () => {
    const r = parseAclResponse('* ACL {16}\r\nINBOX/Sent Items test1001 lrs');
    expect(r?.mailbox).toBe('INBOX/Sent Items');
    expect(grants(r!.acl, 'anyone', 'p')).toBe(false);
    expect(formatAcl(r!.acl)).toBe('test1001 lrs');
  });

  it('unescapes quotes and backslashes inside a quoted mailbox name', () => {
    expect(parseAclResponse('* ACL "a\\"b\\\\c" anyone lr')?.mailbox).toBe('a"b\\c');
  });

  it('reads MYRIGHTS and rejects lines that are not ACL data', () => {
    expect(parseMyRights('* MYRIGHTS "INBOX/Sent Items" lrswipkxtecdan')).toEqual({
      mailbox: 'INBOX/Sent Items',
      rights: 'lrswipkxtecdan',
    });
    expect(parseAclResponse('* LIST (\\HasNoChildren) "/" INBOX')).toBeNull();
    expect(parseMyRights('* ACL INBOX foo l')).toBeNull();
  });

  it('says a right is missing when the identifier is absent or lacks one letter', () => {
    const acl = new Map([['anyone', 'lrs']]);
    expect(grants(acl, 'anyone', 'p')).toBe(false);
    expect(grants(acl, 'nobody', 'l')).toBe(false);
    expect(formatAcl(new Map())).toBe('(empty)');
  });
});

describe.skipIf(!existsSync(CORPUS))('ACL samples from the corpus', () => {
  it('parses the Horde test lines (ACL and MYRIGHTS)', () => {
    const lines = readFileSync(`${CORPUS}horde_imap_client_acl_response_testlines.txt`, 'utf8').split('\n');
    const acl = parseAclResponse(lines[0]!);
    expect(acl?.mailbox).toBe('INBOX');
    expect(acl?.acl.get('foo')).toBe('lrswipcda');
    expect(acl?.acl.get('cyrus')).toBe('lripcda');
    expect(parseMyRights(lines[1]!)?.rights).toBe('lrwipkxtecda');
  });

  it('parses cyradm listaclmailbox output, mailbox names with spaces included', () => {
    const text = readFileSync(`${CORPUS}cyrus_docs_cyradm_listaclmailbox_output.rst.txt`, 'utf8');
    const all = parseListAclMailbox(text.replace(/^ {4}/gm, ''));
    expect(all.get('tech/abuse')?.get('anyone')).toBe('lrsp');
    expect(all.get('user/bovik/Sent Items')?.get('bovik')).toBe('lrswipkxtecda');
    expect(grants(all.get('user/bovik/Sent Items')!, 'anyone', 'p')).toBe(false);
    expect(grants(all.get('user/bovik/Spam')!, 'anyone', 'p')).toBe(true);
  });
});
