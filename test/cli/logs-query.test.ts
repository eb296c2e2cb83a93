import { describe, expect, it } from 'vitest';
import { addQueueIds, fixedStringsOf, matchesQuery, type LogQuery } from '../../src/logs/query.js';
import { addressForms, userAddresses } from '../../src/logs/user-addresses.js';
import type { SiteConfig } from '../../src/core/site.js';
import { selectSources, unknownSources } from '../../src/logs/select-sources.js';
import type { LogSource } from '../../src/logs/types.js';
import type { LogLine } from '../../src/logs/types.js';

const line = (raw: string, extra: Partial<LogLine> = {}): LogLine => ({
  host: 'relay',
  source: 'maillog',
  fields: {},
  raw,
  ...extra,
});
const q = (over: Partial<LogQuery> = {}): LogQuery => ({ queueIds: new Set(), addresses: [], ...over });

describe('matchesQuery', () => {
  it('selects a queue id as the line id or as a whole word in the text (queued as, Queue-ID)', () => {
    const query = q({ queueIds: new Set(['4AbC12']) });
    expect(matchesQuery(line('x', { queueId: '4AbC12' }), query)).toBe(true);
    expect(matchesQuery(line('status=sent (250 2.0.0 Ok: queued as 4AbC12)'), query)).toBe(true);
    expect(matchesQuery(line('Queue-ID: 4AbC12, Message-ID: <m@x>'), query)).toBe(true);
    expect(matchesQuery(line('queued as 4AbC123'), query)).toBe(false);
    expect(matchesQuery(line('x', { queueId: '4AbC1' }), query)).toBe(false);
  });

  it('matches an address case-insensitively and whole, not inside a longer address', () => {
    const query = q({ addresses: ['Test1002@oxmail.example.com'] });
    expect(matchesQuery(line('to=<test1002@oxmail.example.com>, relay=lmtp'), query)).toBe(true);
    expect(matchesQuery(line('to=<xtest1002@oxmail.example.com>'), query)).toBe(false);
    expect(matchesQuery(line('to=<test1002@oxmail.example.com.au>'), query)).toBe(false);
    expect(matchesQuery(line('mail for test1002@oxmail.example.com.'), query)).toBe(true);
  });

  it("matches a login as a cyrus mailbox owner and as the local part of any address form, not login2's", () => {
    const query = q({ addresses: ['test1002'] });
    expect(
      matchesQuery(line('Delivered: <m> to mailbox: user.test1002', { fields: { user: 'test1002' } }), query),
    ).toBe(true);
    expect(matchesQuery(line('passing <test1002+Sent Items@oxmail.example.com>'), query)).toBe(true);
    expect(matchesQuery(line('to=<test1002@serverb.example.com>'), query)).toBe(true);
    expect(matchesQuery(line('to=<test10021@oxmail.example.com>'), query)).toBe(false);
    expect(matchesQuery(line('user.test10021', { fields: { user: 'test10021' } }), query)).toBe(false);
  });

  it('narrows by --grep and --level; ids and addresses select lines about any of them', () => {
    const query = q({ queueIds: new Set(['AAA1']), addresses: ['b@x.org'], grep: /status=/g, level: 'warn' });
    const warn = { level: 'warn' as const };
    expect(matchesQuery(line('AAA1: to=<c@x.org>, status=deferred', warn), query)).toBe(true);
    expect(matchesQuery(line('BBB2: to=<b@x.org>, status=deferred', warn), query)).toBe(true);
    // twice in a row: a /g expression's lastIndex must not make the second call fail
    expect(matchesQuery(line('BBB2: to=<b@x.org>, status=deferred', warn), query)).toBe(true);
    expect(matchesQuery(line('BBB2: to=<b@x.org>, status=deferred', { level: 'info' }), query)).toBe(false);
    expect(matchesQuery(line('CCC3: to=<c@x.org>, status=deferred', warn), query)).toBe(false);
    expect(matchesQuery(line('AAA1: from=<c@x.org>', warn), query)).toBe(false);
    expect(matchesQuery(line('fatal: x', { level: 'error' }), q({ level: 'error' }))).toBe(true);
    expect(matchesQuery(line('warning: x', warn), q({ level: 'error' }))).toBe(false);
    expect(matchesQuery(line('no level'), q({ level: 'warn' }))).toBe(false);
  });
});

describe("addQueueIds (the queue ids a user's lines name)", () => {
  it("takes the line's own id, amavis' Queue-ID and queued_as, nothing else", () => {
    const ids = new Set<string>();
    addQueueIds(line('x', { queueId: 'AAAAA1', fields: { queued_as: 'BBBBB2', queue_id: 'CCCCC3' } }), ids);
    addQueueIds(line('x', { fields: { queued_as: 'not an id!' } }), ids);
    expect([...ids]).toEqual(['AAAAA1', 'BBBBB2', 'CCCCC3']);
  });
});

describe("fixedStringsOf (what the host's grep -F is given)", () => {
  it('gives the queue ids and the local parts of addresses (every form of a user contains its login)', () => {
    const query = q({
      queueIds: new Set(['4AbC12']),
      addresses: ['Test1002', 'test1002@oxmail.example.com', 'test1002+Sent Items@oxmail.example.com', 'j.doe@x.org'],
      grep: /status=/,
    });
    expect(fixedStringsOf(query).sort()).toEqual(['4AbC12', 'Test1002', 'j.doe', 'test1002'].sort());
  });

  it("takes --grep's required literals, none for a case-insensitive one, none without a filter", () => {
    const literals = fixedStringsOf(q({ grep: /status=(deferred|bounced)/ }));
    expect(literals.length).toBeGreaterThan(0);
    for (const text of ['status=deferred', 'status=bounced']) expect(literals.some((l) => text.includes(l))).toBe(true);
    expect(fixedStringsOf(q({ grep: /status=/i }))).toEqual([]);
    expect(fixedStringsOf(q({ grep: /.*/ }))).toEqual([]);
    expect(fixedStringsOf(q({ level: 'warn' }))).toEqual([]);
  });
});

describe('addressForms (what --user searches for when AD answers, or alone when it does not)', () => {
  it('adds the archive and Sent Items forms of an AD user', () => {
    const forms = addressForms('test1002', 'test1002', ['test1002@oxmail.example.com', 'test1002@example.com']);
    expect(forms).toEqual([
      'test1002',
      'test1002@oxmail.example.com',
      'test1002@example.com',
      'test1002@serverb.example.com',
      'test1002+Sent Items@oxmail.example.com',
      'test1002+sent_items@oxmail.example.com',
      'test1002+Sent Items@example.com',
      'test1002+sent_items@example.com',
    ]);
  });

  it('without AD keeps the address given and its archive form', () => {
    expect(addressForms('jane.doe@example.com', undefined, [])).toEqual([
      'jane.doe@example.com',
      'jane.doe@serverb.example.com',
    ]);
    expect(addressForms('test1001', undefined, [])).toEqual(['test1001', 'test1001@serverb.example.com']);
  });
});

describe('userAddresses when AD cannot be asked', () => {
  const site = (url?: string) =>
    ({ endpoints: url ? { ldap: { url, baseDn: 'DC=example,DC=com' } } : {} }) as unknown as SiteConfig;

  it('says so in one line and keeps the forms of what was typed (a closed port, no endpoint)', async () => {
    for (const s of [site('ldap://127.0.0.1:9'), site()]) {
      const warnings: string[] = [];
      const forms = await userAddresses(s, 'test1002', undefined, { onWarning: (w) => warnings.push(w) });
      expect(forms).toEqual(['test1002', 'test1002@serverb.example.com']);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^AD not asked \(.+\); using 'test1002' alone$/);
    }
  });
});

describe('--source', () => {
  const src = (source: string): LogSource => ({ host: 'h', source, kind: 'syslog', path: `/var/log/${source}` });
  const all = ['maillog', 'messages', 'ox', 'ox-admin', 'ox-console', 'apache-error'].map(src);

  it('selects by name and a family by its first word; names what selects nothing', () => {
    expect(selectSources(all, ['ox']).map((s) => s.source)).toEqual(['ox', 'ox-admin', 'ox-console']);
    expect(selectSources(all, ['maillog', 'apache']).map((s) => s.source)).toEqual(['maillog', 'apache-error']);
    expect(selectSources(all, []).length).toBe(all.length);
    expect(unknownSources(all, ['maillog', 'mailog', 'mail'])).toEqual(['mailog', 'mail']);
  });
});
