// The marked test message and what --send refuses: hostile logins and addresses never reach an SMTP line or a
// header, and a refused target makes no connection at all.
import { describe, expect, it } from 'vitest';
import type { HostSpec } from '../../../src/core/host.js';
import type { SiteConfig } from '../../../src/core/site.js';
import { parseAdUserEntry } from '../../../src/user/ad-entry.js';
import { sendAndFollow } from '../../../src/user/send/index.js';
import { TEST_HEADER, testMessage } from '../../../src/user/send/message.js';
import type { UserTarget } from '../../../src/user/target.js';

const base = { via: 'relay', login: 'test1001', from: '', fromHeader: 'postmaster@example.com' } as const;

const HOSTILE = [
  '*)(uid=*',
  'a b;id',
  'x\r\nRCPT TO:<victim@example.org>',
  'x\nDATA',
  'x\0y',
  'müller',
  'a'.repeat(10_000),
  '$(id)',
  '<a@b>',
];

describe('the test message', () => {
  it('carries the oxdoctor header with the login, a unique Message-ID, and no bare CR', () => {
    const a = testMessage({ ...base, to: 'test1001@example.com' });
    const b = testMessage({ ...base, to: 'test1001@example.com' });
    expect(a.messageId).toMatch(/^oxdoctor-relay-[0-9a-z]+\.[0-9a-f]{12}@oxdoctor\.invalid$/);
    expect(a.messageId).not.toBe(b.messageId);
    expect(a.text).toContain(`\nMessage-ID: <${a.messageId}>\n`);
    expect(a.text).toMatch(new RegExp(`\\n${TEST_HEADER}: user test1001 [0-9a-z]+\\.[0-9a-f]{12}\\n`));
    expect(a.text).not.toMatch(/\r/);
    expect(a.from).toBe('');
    expect(a.to).toEqual(['test1001@example.com']);
  });

  it.each(HOSTILE)('refuses %j as the login, the recipient and the sender', (bad) => {
    expect(() => testMessage({ ...base, to: 'test1001@example.com', login: bad })).toThrow(TypeError);
    expect(() => testMessage({ ...base, to: `${bad}@example.com` })).toThrow(TypeError);
    expect(() => testMessage({ ...base, to: 'test1001@example.com', from: `${bad}@example.com` })).toThrow(TypeError);
  });
});

describe('sendAndFollow with a hostile user', () => {
  const relay: HostSpec = { name: 'relay', roles: ['relay'], transport: { kind: 'local' } };
  const site: SiteConfig = {
    source: 'test',
    site: 'test',
    defaults: { timeoutMs: 10_000, concurrency: 8, perHostConcurrency: 4, refreshSeconds: 30 },
    hosts: [relay],
    endpoints: {},
    thresholds: {},
  };
  const target = (login: string, address: string): UserTarget => ({
    query: login,
    login,
    addresses: [address],
    primary: address,
    entry: parseAdUserEntry({ dn: `CN=${login}`, sAMAccountName: login, mail: address, objectClass: ['user'] }),
    exchangeMailbox: false,
    forwardingContacts: [],
  });

  it.each(HOSTILE)('refuses %j before opening any connection', async (bad) => {
    const opened: string[] = [];
    const transportFor = (h: HostSpec): never => {
      opened.push(h.name);
      throw new Error('no connection may be opened');
    };
    for (const t of [target(bad, 'test1001@example.com'), target('test1001', `${bad}@example.com`)]) {
      const report = await sendAndFollow({ site, transportFor, target: t, keep: false });
      expect(report.status).toBe('unknown');
      expect(report.summary).toMatch(/^refusing to /);
      expect(report.messages).toEqual([]);
    }
    expect(opened).toEqual([]);
  });
});
