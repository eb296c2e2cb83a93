import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { expandParams, parseMainCf, parseTableRef, splitList, tableRefs } from '../../src/postfix/main-cf.js';

const SERVER_B = `# server B, as in the seed
inet_interfaces = all
mydestination = $myhostname, localhost.$mydomain, localhost
myhostname = oxmail.example.com
myorigin = $myhostname
mailbox_transport = lmtp:unix:/var/lib/imap/socket/lmtp
virtual_alias_maps = pcre:/etc/postfix/copyfix
    ldap:/etc/postfix/adlocalrecipients
  # a comment inside the continuation
    ldap:/etc/postfix/exchrecipients
relayhost = [172.18.254.25]
unknown_local_recipient_reject_code = 450
relayhost = [172.18.254.26]
`;

describe('parseMainCf', () => {
  it('joins continuation lines and skips comments inside them', () => {
    const cf = parseMainCf(SERVER_B);
    expect(cf.params.get('virtual_alias_maps')).toBe(
      'pcre:/etc/postfix/copyfix ldap:/etc/postfix/adlocalrecipients ldap:/etc/postfix/exchrecipients',
    );
  });

  it('keeps $references as written', () => {
    expect(parseMainCf(SERVER_B).params.get('myorigin')).toBe('$myhostname');
  });

  it('lets the last definition win but keeps every entry with its line', () => {
    const cf = parseMainCf(SERVER_B);
    expect(cf.params.get('relayhost')).toBe('[172.18.254.26]');
    expect(cf.entries.filter((e) => e.name === 'relayhost').map((e) => e.line)).toEqual([11, 13]);
  });

  it('reads an empty value as the empty string', () => {
    expect(parseMainCf('relayhost =\nmydestination = \n').params.get('mydestination')).toBe('');
  });

  it('keeps a # that is not at the start of a line as part of the value', () => {
    expect(parseMainCf('smtpd_banner = $myhostname # ESMTP\n').params.get('smtpd_banner')).toBe('$myhostname # ESMTP');
  });

  // The template Debian's postinst copies to /etc/postfix/main.cf (absent while postfix is unconfigured).
  const debian = '/usr/share/postfix/main.cf.debian';
  it.skipIf(!existsSync(debian))("reads Debian's own main.cf", () => {
    const cf = parseMainCf(readFileSync(debian, 'utf8'));
    expect(cf.params.get('smtpd_banner')).toBe('$myhostname ESMTP $mail_name (Debian/GNU)');
    expect(cf.params.get('compatibility_level')).toBe('3.6');
  });

  const dist = '/usr/share/postfix/main.cf.dist';
  it.skipIf(!existsSync(dist))('reads main.cf.dist, whose debugger_command continues over two lines', () => {
    const cf = parseMainCf(readFileSync(dist, 'utf8'));
    expect(cf.params.get('daemon_directory')).toBe('/usr/lib/postfix/sbin');
    expect(cf.params.get('debugger_command')).toMatch(
      /^PATH=\/bin:.* ddd \$daemon_directory\/\$process_name \$process_id & sleep 5$/,
    );
    expect(cf.params.has('myhostname')).toBe(false);
  });
});

describe('expandParams', () => {
  const params = new Map([
    ['myhostname', 'oxmail.example.com'],
    ['mydomain', 'example.com'],
    ['empty', ''],
    ['chain', '$myhostname'],
  ]);
  const lookup = (n: string): string | undefined => params.get(n);

  it.each([
    ['$myhostname', 'oxmail.example.com'],
    ['${myhostname}', 'oxmail.example.com'],
    ['$(myhostname)', 'oxmail.example.com'],
    ['localhost.$mydomain', 'localhost.example.com'],
    ['$chain', 'oxmail.example.com'],
    ['${mydomain?yes}', 'yes'],
    ['${empty?yes}', ''],
    ['${empty:fallback}', 'fallback'],
    ['${mydomain?{set}:{unset}}', 'set'],
    ['${empty?{set}:{unset}}', 'unset'],
    ['cost $$5', 'cost $5'],
    ['$unknown_param stays', '$unknown_param stays'],
  ])('expands %s to %s', (input, expected) => {
    expect(expandParams(input, lookup)).toBe(expected);
  });

  it('stops on a reference loop instead of recursing forever', () => {
    const loop = new Map([
      ['a', '$b'],
      ['b', '$a'],
    ]);
    expect(() => expandParams('$a', (n) => loop.get(n))).not.toThrow();
  });
});

describe('splitList and tableRefs', () => {
  it('splits on commas and whitespace and keeps braced items whole', () => {
    expect(splitList('permit_mynetworks, permit_sasl_authenticated,reject_unauth_destination')).toEqual([
      'permit_mynetworks',
      'permit_sasl_authenticated',
      'reject_unauth_destination',
    ]);
    expect(splitList('{ a b }, c')).toEqual(['a b', 'c']);
  });

  it('finds the tables of the seed virtual_alias_maps in order', () => {
    const refs = tableRefs(parseMainCf(SERVER_B).params.get('virtual_alias_maps') ?? '');
    expect(refs.map((r) => `${r.type} ${r.name}`)).toEqual([
      'pcre /etc/postfix/copyfix',
      'ldap /etc/postfix/adlocalrecipients',
      'ldap /etc/postfix/exchrecipients',
    ]);
  });

  it('recognises proxy: and ignores $parameter references', () => {
    expect(parseTableRef('proxy:unix:passwd.byname')).toMatchObject({
      type: 'unix',
      name: 'passwd.byname',
      proxied: true,
    });
    expect(tableRefs('proxy:unix:passwd.byname $alias_maps').map((r) => r.type)).toEqual(['unix']);
  });
});
