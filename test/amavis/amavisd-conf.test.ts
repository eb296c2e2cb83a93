// amavisd.conf assignments: the seed's lines (wiki spacing), the lab's file, Debian's conf.d order (later wins).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAmavisConf } from '../../src/amavis/amavisd-conf.js';

const LAB = readFileSync(new URL('../lab/hosts/relay/files/etc/amavis/amavisd.conf', import.meta.url), 'utf8');

describe('parseAmavisConf', () => {
  it("reads the lab relay's amavisd.conf: words, numbers, expressions, quoted strings and lists", () => {
    const conf = parseAmavisConf([{ path: '/etc/amavis/amavisd.conf', text: LAB }]);
    expect(conf.get('$final_spam_destiny')).toMatchObject({ value: 'D_PASS', file: '/etc/amavis/amavisd.conf' });
    expect(conf.get('$sa_mail_body_size_limit')?.value).toBe('1024*1024');
    expect(conf.get('$forward_method')?.value).toBe('smtp:[127.0.0.1]:10025');
    expect(conf.get('$virus_admin')?.value).toBe('oxadmin@example.com'); // "oxadmin\@example.com"
    expect(conf.get('@bypass_spam_checks_maps')?.value).toBe('(1)');
    expect(conf.get('$bad_header_quarantine_to')?.value).toBe('undef');
    expect(LAB.split('\n')[(conf.get('$inet_socket_port')?.line ?? 0) - 1]).toBe('$inet_socket_port = 10024;');
  });

  it('ignores commented-out lines such as the seed\'s "# @bypass_virus_checks_maps = (1);"', () => {
    const conf = parseAmavisConf([{ path: '/etc/amavisd/amavisd.conf', text: '# @bypass_virus_checks_maps = (1);\n' }]);
    expect(conf.has('@bypass_virus_checks_maps')).toBe(false);
  });

  it('lets a later file override an earlier one, as amavisd reads Debian conf.d then the single file', () => {
    const conf = parseAmavisConf([
      { path: '/etc/amavis/conf.d/20-debian_defaults', text: '$final_spam_destiny       = D_BOUNCE;\n' },
      { path: '/etc/amavis/conf.d/50-user', text: "$final_spam_destiny = D_PASS; # the seed's\n" },
    ]);
    expect(conf.get('$final_spam_destiny')).toEqual({ value: 'D_PASS', file: '/etc/amavis/conf.d/50-user', line: 1 });
  });
});
