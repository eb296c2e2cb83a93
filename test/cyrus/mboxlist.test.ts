import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseMboxlist, sentItemsAcls, sentItemsOwner } from '../../src/cyrus/mboxlist.js';

const LEGACY = fileURLToPath(
  new URL('../../../shared/corpus/cyrus/cyrus_docs_ctl_mboxlist_d_legacy_output.rst.txt', import.meta.url),
);

// The shape cyrus 3.6 (the lab's) prints.
const JSON_DUMP = `{
"user.test1001": {"name": "user.test1001", "mbtype": "e", "partition": "default", "acl": {"test1001": "lrswipkxtecdan"}},
"user.test1001.Sent Items": {"name": "user.test1001.Sent Items", "mbtype": "e", "partition": "default", "acl": {"anyone": "p", "test1001": "lrswipkxtecdan"}},
"user.first^last.Sent Items": {"name": "user.first^last.Sent Items", "mbtype": "e", "partition": "default", "acl": {"first.last": "lrswipkxtecdan"}}
}`;

describe('ctl_mboxlist -d dumps', () => {
  it('reads the JSON dump of cyrus 3.6 and finds each Sent Items with its ACL', () => {
    const { format, entries } = parseMboxlist(JSON_DUMP);
    expect(format).toBe('json');
    expect(entries).toHaveLength(3);
    const sent = sentItemsAcls(entries);
    expect(sent.map((s) => s.user)).toEqual(['test1001', 'first.last']);
    expect(sent[0]?.acl.get('anyone')).toBe('p');
    expect(sent[1]?.acl.has('anyone')).toBe(false);
  });

  it('reads JSON objects line by line when the whole is not valid JSON', () => {
    const broken = JSON_DUMP.replace(/\n}$/, ',\n');
    expect(parseMboxlist(broken).entries.map((e) => e.name)).toContain('user.test1001.Sent Items');
  });

  it('reads tab-separated legacy lines, names with spaces included', () => {
    const { format, entries } = parseMboxlist(
      'user.bob.Sent Items\t0 default bob\tlrswipkxtecda\tanyone\tp\t\nuser.bob\t0 default bob\tlrswipkxtecda\t\n',
    );
    expect(format).toBe('legacy');
    expect(entries[0]).toMatchObject({ name: 'user.bob.Sent Items', partition: 'default' });
    expect(entries[0]?.acl.get('anyone')).toBe('p');
    expect(sentItemsAcls(entries).map((s) => s.user)).toEqual(['bob']);
  });

  it('names the owner of a Sent Items folder, with virtual domains, and nothing for other folders', () => {
    expect(sentItemsOwner('example.org!user.john.Sent Items')).toBe('john@example.org');
    expect(sentItemsOwner('user.john.Sent Items.old')).toBeNull();
    expect(sentItemsOwner('user.john')).toBeNull();
    expect(sentItemsOwner('shared.Sent Items')).toBeNull();
  });
});

describe.skipIf(!existsSync(LEGACY))('the legacy dump from the cyrus documentation', () => {
  it('parses the example lines whose tabs the documentation shows as spaces', () => {
    const lines = readFileSync(LEGACY, 'utf8')
      .split('\n')
      .filter((l) => /^\s+example\.org!user\./.test(l));
    const { entries } = parseMboxlist(lines.join('\n'));
    expect(entries.map((e) => e.name)).toContain('example.org!user.john.Deleted Messages');
    expect(entries.every((e) => e.partition === 'default' && e.acl.get('john@example.org') === 'lrswipkxtecda')).toBe(
      true,
    );
  });
});
