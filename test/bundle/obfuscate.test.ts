import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Obfuscator } from '../../src/bundle/obfuscate.js';

const site = (): Obfuscator =>
  new Obfuscator({
    domains: ['example.com', 'ad.example.com'],
    hostnames: ['servera.example.com', 'node8888', 'serverb', 'relay'],
    users: ['test1001', 'oxex01'],
  });

describe('Obfuscator', () => {
  it('replaces names, addresses and users consistently across texts, and returns the mapping', () => {
    const o = site();
    const a = o.text(
      'Dec  7 05:00:00 servera postfix/smtp[1]: 4F1D: to=<test1001@example.com>, ' +
        'relay=serverb.example.com[192.168.109.104]:25',
    );
    const b = o.text('imapserver = "192.168.109.104" on servera; realm AD.EXAMPLE.COM; kdc = dc1.ad.example.com');
    expect(a).toBe(
      'Dec  7 05:00:00 host1 postfix/smtp[1]: 4F1D: to=<user0@domain0.example>, ' +
        'relay=host0.domain0.example[10.0.0.1]:25',
    );
    expect(b).toBe('imapserver = "10.0.0.1" on host1; realm DOMAIN1.EXAMPLE; kdc = host2.domain1.example');
    expect(o.mapping()).toEqual({
      domains: { 'example.com': 'domain0.example', 'ad.example.com': 'domain1.example' },
      hosts: { serverb: 'host0', servera: 'host1', dc1: 'host2' },
      ipv4: { '192.168.109.104': '10.0.0.1' },
      ipv6: {},
      users: { test1001: 'user0' },
    });
  });

  it('keeps loopback, netmasks, times, versions-in-words and words that are postfix keys', () => {
    const o = site();
    const line =
      'relay=127.0.0.1[127.0.0.1]:10024 mask 255.255.255.0 at 05:00:00 mac 00:1a:2b:3c:4d:5e ::1 std::string';
    expect(o.text(line)).toBe(line);
  });

  it('replaces IPv6 addresses, and names only at word boundaries', () => {
    const o = site();
    expect(o.text('from [2001:db8::25] and [2001:DB8::25]')).toBe('from [fd00::1] and [fd00::1]');
    expect(o.text('a 2001:db8:85a3:8d3:1319:8a2e:370:7348, fe80::1 Foo::Bar')).toBe('a fd00::2, fd00::3 Foo::Bar');
    expect(o.text('node8888x servera2 test10011 mynode8888')).toBe('node8888x servera2 test10011 mynode8888');
    expect(o.text('example.com.au notexample.com')).toBe('example.com.au notexample.com');
  });

  it('obfuscates a real config of the lab', () => {
    const o = new Obfuscator({ domains: ['example.com'] });
    const text = readFileSync('test/lab/hosts/relay/files/etc/postfix/duplicate_mail', 'utf8');
    const out = o.text(text);
    expect(out).not.toMatch(/example\.com/i);
    expect(out.split('\n')).toHaveLength(text.split('\n').length);
  });
});

describe('obfuscateStream', () => {
  it('gives the same text as text() whatever the chunks', async () => {
    const { Readable } = await import('node:stream');
    const { obfuscateStream } = await import('../../src/bundle/obfuscate.js');
    const text = 'a servera.example.com 192.168.1.5\nb test1001@ad.example.com\nc 192.168.1.5 end';
    const chunks = text.match(/[\s\S]{1,5}/g)!.map((c) => Buffer.from(c));
    const out: Buffer[] = [];
    for await (const c of Readable.from(chunks).pipe(obfuscateStream(site()))) out.push(c as Buffer);
    expect(Buffer.concat(out).toString()).toBe(site().text(text));
  });
});
