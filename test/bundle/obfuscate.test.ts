import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { addressIn, obfuscationInput } from '../../src/bundle/collect/site-inputs.js';
import { MAILBOX_OWNERS_AWK, parseOwners } from '../../src/bundle/collect/user-names.js';
import { Obfuscator } from '../../src/bundle/obfuscate.js';
import type { SiteConfig } from '../../src/core/site.js';

// Real samples written by others (../shared/corpus), read in place.
const CORPUS = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));
const corpus = (path: string): string => readFileSync(`${CORPUS}${path}`, 'latin1');
const lineOf = (path: string, has: string): string =>
  corpus(path)
    .split('\n')
    .find((l) => l.includes(has)) ?? '';

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
      users: { test1001: 'user0', oxex01: 'user1' }, // every known user, numbered when known
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

describe.skipIf(!existsSync(CORPUS))('Obfuscator: users learned where only a user can stand (real samples)', () => {
  it("learns postfix's sasl_username= and replaces the user there and in every later line", () => {
    const o = new Obfuscator({ domains: ['dinos.test'] });
    const log = corpus('maillog/lograptor_postfix.log');
    const out = o.text(log);
    expect(log).toContain('sasl_username=triceratops');
    expect(out).not.toMatch(/triceratops/i);
    expect(out).toContain(`sasl_username=${o.mapping().users.triceratops}`);
    expect(out).toContain(`from=<${o.mapping().users.triceratops}@domain0.example>`);
    expect(o.text('Feb 1 cron: TRICERATOPS logged off')).toBe(
      `Feb 1 cron: ${o.mapping().users.triceratops!.toUpperCase()} logged off`,
    );
  });

  it("learns saslauthd's [user=...] (the local part of user@realm)", () => {
    const o = new Obfuscator({ domains: ['example.org'] });
    const a = lineOf('maillog/github_issue_excerpts_postfix_amavis_clamd_sasl.txt', '[user=poc]');
    const b = lineOf('maillog/github_issue_excerpts_postfix_amavis_clamd_sasl.txt', '[user=lol@sabmit.io]');
    expect(o.text(a)).toContain('[user=user0] [service=imap]');
    expect(o.text(b)).toContain('[user=user1@sabmit.io]');
    expect(o.text('poc lol')).toBe('user0 user1');
  });

  it("learns cyrus' login: and badlogin: users, common accounts excepted", () => {
    const o = new Obfuscator({ domains: ['example.com'] });
    // as the lab's cyrus 3.6 logs it (no such line in the corpus); fail2ban's cyrus lines are real
    const login =
      'Dec  7 10:11:12 node8888 cyrus/imap[7568]: login: node8888.example.com [127.0.10.2] test1005 PLAIN User logged in';
    expect(o.text(login)).toContain('[127.0.10.2] user0 PLAIN User logged in');
    const log = corpus('cyrus/fail2ban_cyrus-imap.log');
    const out = o.text(log);
    expect(log).toContain('plaintext mail0001 SASL');
    expect(out).toContain(`plaintext ${o.mapping().users.mail0001} SASL`);
    expect(out).toContain('plaintext administrator SASL'); // a common account, no person
    expect(out).toContain('cyrus/imap[5355]'); // "cyrus" stays the daemon's name
  });

  it("learns the local part of to=<...> and from=<...> in the site's domains only", () => {
    const o = new Obfuscator({ domains: ['example.org'] });
    const line = lineOf('maillog/sekoia_intake-formats_postfix_tests.tsv', 'to=<jdoe@example.org>');
    expect(o.text(line)).toContain('to=<user0@domain0.example>');
    const other = lineOf('maillog/sekoia_intake-formats_postfix_tests.tsv', 'to=<firstname.lastname@othercorp.com>');
    expect(o.text(other)).toContain('to=<firstname.lastname@othercorp.com>');
    expect(o.mapping().users).toEqual({ jdoe: 'user0' });
    expect(o.text('to=<root@example.org>, orig_to=<postmaster@example.org>')).toBe(
      'to=<root@domain0.example>, orig_to=<postmaster@domain0.example>',
    );
  });

  it('learns cyrus mailbox names (user.X, user.X.Sent Items, JSON keys) and replaces the user in paths too', () => {
    const o = new Obfuscator({ domains: ['bostonst.com'] });
    const lmtp = corpus('cyrus/postfix_to_cyrus_lmtp_delivery_logs_weak_provenance.txt');
    const out = o.text(lmtp);
    expect(lmtp).toContain('to mailbox: user.genesisma');
    expect(out).not.toContain('genesisma');
    expect(out).toContain('to mailbox: user.user0');
    expect(out).toContain('/var/spool/sieve/g/user0/defaultbc');
    const issues = corpus('cyrus/github_issue_excerpts_cyrus.txt');
    expect(issues).toContain('"user.gshapiro.Domains.Retsiger-Announce": {');
    const learned = o.text(issues).split('\n');
    const first = learned.findIndex((l) => l.includes("'user.user"));
    expect(first).toBeGreaterThan(0); // learned where it first stands in a user context, replaced from there on
    expect(learned.slice(first).join('\n')).not.toContain('gshapiro');
    const gshapiro = o.mapping().users.gshapiro!;
    expect(learned.slice(first).join('\n')).toContain(`"user.${gshapiro}.Domains.Retsiger-Announce": {`);
    const names = o.text('"user.john^doe.Sent Items" user/test1001/Sent Items john.doe@x');
    const u = o.mapping().users;
    expect(names).toBe(`"user.${u['john.doe']}.Sent Items" user/${u.test1001}/Sent Items ${u['john.doe']}@x`);
    const kept = '-Duser.timezone=UTC com.openexchange.user.maxCount /var/lib/imap/user/uuid/k';
    expect(o.text(kept)).toBe(kept);
  });

  it('never takes a common word, a one-letter or an all-digit login for a user', () => {
    const o = new Obfuscator({ domains: ['example.com'], users: ['cyrus', 'root', 'x', '1001', 'test'] });
    const line =
      '[user=cyrus] [user=nobody] sasl_username=admin to=<root@example.com> user.t user.1234 [user=anyone] ' +
      'from=<MAILER-DAEMON@example.com> user/uuid/x [user=test]';
    o.text(line);
    expect(o.mapping().users).toEqual({});
    const keep = 'cyrus/imap[1]: /etc/cyrus.conf anyone p root mail x 1001 test';
    expect(o.text(keep)).toBe(keep);
  });
});

describe('Obfuscator: the pre-passed users and the site addresses', () => {
  it('replaces a pre-passed user at its first sight, in any context, and lists it in the mapping at once', () => {
    const o = new Obfuscator({ users: ['test1005', 'Test1001'] });
    expect(o.mapping().users).toEqual({ test1005: 'user0', test1001: 'user1' });
    expect(o.text('cyrus/imap[1]: USAGE test1005 user: 0.01 sys: 0.02\nTEST1001 quota')).toBe(
      'cyrus/imap[1]: USAGE user0 user: 0.01 sys: 0.02\nUSER1 quota',
    );
  });

  it("replaces the site's 127.0.10.x addresses, keeps 127.0.0.1 and other loopback", () => {
    const o = new Obfuscator({ addresses: ['127.0.10.2', '127.0.10.10', '127.0.0.1'] });
    expect(o.mapping().ipv4).toEqual({ '127.0.10.2': '10.0.0.1', '127.0.10.10': '10.0.0.2' });
    expect(o.text('login: x [127.0.10.2] relay=127.0.0.1[127.0.0.1]:10024 127.0.10.20 127.0.10.10:88 127.0.10.2')).toBe(
      'login: x [10.0.0.1] relay=127.0.0.1[127.0.0.1]:10024 127.0.10.20 10.0.0.2:88 10.0.0.1',
    );
  });

  it('takes the addresses from the config: hosts, VIPs, LDAP URL, KDCs, Exchange; and the mailbox owners', () => {
    const site = {
      site: 's',
      hosts: [
        { name: 'relay', transport: { kind: 'ssh', ssh: { hostname: '127.0.10.1' } } },
        { name: 'b', transport: { kind: 'ssh', ssh: { hostname: 'b.example.com' } } },
      ],
      clusters: { a: { vip: '127.0.10.2' } },
      endpoints: {
        ldap: { url: 'ldap://127.0.10.10:389', baseDn: 'DC=example,DC=com' },
        kerberos: { realm: 'AD.EXAMPLE.COM', kdc: ['127.0.10.10:88', '[fd00::10]:88'] },
        exchange: { host: '127.0.10.20', port: 25 },
        vip: { imap: '127.0.10.2' },
      },
    } as unknown as SiteConfig;
    const input = obfuscationInput(site, [], ['test1005']);
    expect([...(input.addresses ?? [])]).toEqual([
      '127.0.10.1',
      '127.0.10.2',
      '127.0.10.10',
      'fd00::10',
      '127.0.10.20',
    ]);
    expect([...(input.users ?? [])]).toEqual(['test1005']);
    expect([addressIn('b.example.com'), addressIn('127.0.10.1'), addressIn('fd00::1')]).toEqual([
      undefined,
      '127.0.10.1',
      'fd00::1',
    ]);
  });

  it('is consistent across items: a user learned in one stream is the same user in another, and in names', async () => {
    const { Readable } = await import('node:stream');
    const { obfuscateStream } = await import('../../src/bundle/obfuscate.js');
    const o = new Obfuscator({ domains: ['example.com'] });
    const run = async (text: string): Promise<string> => {
      const out: Buffer[] = [];
      for await (const c of Readable.from([Buffer.from(text)]).pipe(obfuscateStream(o))) out.push(c as Buffer);
      return Buffer.concat(out).toString();
    };
    const maillog = await run('postfix/smtpd[1]: A1: client=x[192.0.2.1], sasl_method=PLAIN, sasl_username=anna.b\n');
    const imapd = await run('cyrus/imap[2]: USAGE anna.b user: 0.01\n');
    expect(maillog).toContain('sasl_username=user0\n');
    expect(imapd).toBe('cyrus/imap[2]: USAGE user0 user: 0.01\n');
    expect(o.text('servera/logs/anna.b.log')).toBe('servera/logs/user0.log');
  });
});

describe.skipIf(!existsSync(CORPUS))("the pre-pass' awk on this machine's sh and awk", () => {
  const awks = ['awk', 'mawk', 'gawk', 'busybox awk'].filter((a) => {
    try {
      execFileSync('sh', ['-c', `${a} 'BEGIN { exit 0 }'`]);
      return true;
    } catch {
      return false;
    }
  });
  const owners = (awk: string, input: string): string[] =>
    parseOwners(execFileSync('sh', ['-c', `${awk} '${MAILBOX_OWNERS_AWK}'`], { input, encoding: 'latin1' }));

  it.each(awks)('%s: cuts cyrus 2.x/3.x tab lines and 3.6 JSON lines to each owner once', (awk) => {
    // the cyrus docs' legacy ctl_mboxlist -d (virtual domain, folders, a name with a space)
    expect(owners(awk, corpus('cyrus/cyrus_docs_ctl_mboxlist_d_legacy_output.rst.txt'))).toEqual(['john']);
    // cyrus 3.6's JSON dump line and ctl_mboxlist -v's quoted names (no owner: not a dump line)
    expect(owners(awk, corpus('cyrus/github_issue_excerpts_cyrus.txt'))).toEqual(['gshapiro']);
    // the lab's cyrus 3.6 (ctl_mboxlist -d as the cyrus user), its lines as they are, and cyrus 2.3's tab format
    const lab = [
      '{',
      '"user.ox1175": {"name": "user.ox1175", "mbtype": "e", "partition": "default", "acl": {"ox1175": "lrswipkxtecdan"}},',
      '"user.test1001.Sent Items": {"name": "user.test1001.Sent Items", "acl": {"anyone": "p", "test1001": "lrs"}},',
      '"user.test1005": {"name": "user.test1005", "acl": {"test1005": "lrswipkxtecdan"}}',
      '}',
      'user.test1002\t0 default test1002\tlrswipcda\t',
      'user.test1002.Sent Items\t0 default test1002\tlrswipcda\tanyone\tp\t',
      'DELETED.user.test1003.5F1A2B3C\t0 default test1003\tlrswipcda\t',
      'example.com!user.john^doe.Trash\t0 default john.doe@example.com\tlrswipcda\t',
      'shared.folder\t0 default anyone\tlrs\t',
    ].join('\n');
    expect(owners(awk, lab)).toEqual(['ox1175', 'test1001', 'test1005', 'test1002', 'test1003', 'john.doe']);
  });
});
