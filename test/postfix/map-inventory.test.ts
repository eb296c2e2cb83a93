import { describe, expect, it } from 'vitest';
import { parseMainCf, expandParams } from '../../src/postfix/main-cf.js';
import { parseMasterCf } from '../../src/postfix/master-cf.js';
import { distinctTables, mapInventory, tablesIn, useLabel } from '../../src/postfix/map-inventory.js';

const SERVER_A_MAIN = `myhostname = oxmail.example.com
mailbox_transport = lmtp:unix:/var/lib/imap/socket/lmtp
virtual_alias_maps = ldap:/etc/postfix/adlocalrecipients, ldap:/etc/postfix/exchrecipients
local_recipient_maps = proxy:unix:passwd.byname $alias_maps ldap:/etc/postfix/adlocalrecipients ldap:/etc/postfix/exchrecipients
alias_maps = hash:/etc/aliases
transport_maps = hash:/etc/postfix/transport
smtpd_recipient_restrictions = permit_mynetworks, check_recipient_access hash:/etc/postfix/access, reject_unauth_destination
smtpd_milters = unix:/var/run/milter.sock, inet:127.0.0.1:8891
content_filter = smtp-amavis:[127.0.0.1]:10024
relayhost = [172.18.254.25]
`;

const SERVER_B_MASTER = `:10026 inet n - n - - smtpd
  -o cleanup_service_name=copycleanup
copycleanup unix n - n - 0 cleanup
  -o virtual_alias_maps=ldap:/etc/postfix/adcopyfix
archivecleanup unix n - n - 0 cleanup
  -o { sender_bcc_maps = pcre:/etc/postfix/archive_sentmail }
`;

describe('postfix map inventory', () => {
  const main = parseMainCf(SERVER_A_MAIN).params;
  const lookup = (n: string) => main.get(n);
  const uses = mapInventory(main, parseMasterCf(SERVER_B_MASTER), (v) => expandParams(v, lookup));

  it('lists the tables of a parameter in the order postfix consults them', () => {
    expect(
      uses
        .filter((u) => u.param === 'virtual_alias_maps' && !u.service)
        .map((u) => [u.ref.type, u.ref.name, u.position]),
    ).toEqual([
      ['ldap', '/etc/postfix/adlocalrecipients', 0],
      ['ldap', '/etc/postfix/exchrecipients', 1],
    ]);
  });

  it('unwraps proxy: and expands $alias_maps inside local_recipient_maps', () => {
    const local = uses
      .filter((u) => u.param === 'local_recipient_maps')
      .map((u) => `${u.ref.proxied ? 'proxy ' : ''}${u.ref.type}:${u.ref.name}`);
    expect(local).toEqual([
      'proxy unix:passwd.byname',
      'hash:/etc/aliases',
      'ldap:/etc/postfix/adlocalrecipients',
      'ldap:/etc/postfix/exchrecipients',
    ]);
  });

  it('finds tables inside restriction lists but not transports, milters or content filters', () => {
    const texts = uses.map((u) => `${u.ref.type}:${u.ref.name}`);
    expect(texts).toContain('hash:/etc/postfix/access');
    expect(
      texts.some((t) => t.includes('milter') || t.includes('lmtp') || t.includes('8891') || t.includes('amavis')),
    ).toBe(false);
  });

  it('names the master.cf service of a -o override, long form included', () => {
    const fromMaster = uses.filter((u) => u.service).map((u) => `${useLabel(u)} ${u.ref.type}:${u.ref.name}`);
    expect(fromMaster).toEqual([
      'copycleanup -o virtual_alias_maps ldap:/etc/postfix/adcopyfix',
      'archivecleanup -o sender_bcc_maps pcre:/etc/postfix/archive_sentmail',
    ]);
  });

  it('lists a table used by two parameters once, with both uses', () => {
    const adlocal = distinctTables(uses).find((t) => t.ref.name === '/etc/postfix/adlocalrecipients');
    expect(adlocal?.uses.map((u) => u.param)).toEqual(['virtual_alias_maps', 'local_recipient_maps']);
  });

  it('lists the members of pipemap and unionmap', () => {
    expect(tablesIn('unionmap:{hash:/etc/a, pcre:/etc/b} inline:{x=y}').map((r) => r.type + ':' + r.name)).toEqual([
      'hash:/etc/a',
      'pcre:/etc/b',
      'inline:{x=y}',
    ]);
  });
});
