import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import {
  completeFromHosts,
  discoverEndpoints,
  discoverHost,
  embeddedDefault,
  loadConfigText,
} from '../../src/config/index.js';
import { parseRelayhost } from '../../src/config/discover-endpoints.js';
import { debianGroupware, fixtureTree, rhelRelay, rhelServerB, type FixtureTree } from '../facts/fixture-hosts.js';
import { RootedTransport } from '../facts/rooted-transport.js';

const trees: FixtureTree[] = [];
afterEach(() => {
  for (const t of trees.splice(0)) t.remove();
});
function host(t: FixtureTree): RootedTransport {
  trees.push(t);
  return new RootedTransport(t.root);
}

describe('embedded default', () => {
  it('describes a RHEL5 server B entirely from its own files', async () => {
    const { site, discovered } = await embeddedDefault({ localReader: host(rhelServerB()), hostname: 'serverb' });
    expect(site.source).toBe('embedded default');
    expect(site.hosts).toEqual([{ name: 'serverb', roles: ['groupware', 'archive'], transport: { kind: 'local' } }]);
    const { bindPassword, ...ldap } = site.endpoints.ldap ?? {};
    expect(ldap).toEqual({
      url: 'ldap://172.18.16.21:389',
      baseDn: 'DC=example,DC=com',
      bindDn: 'CN=svc-postfix,OU=Service,DC=example,DC=com',
    });
    expect(bindPassword?.source).toBe('file:/etc/postfix/adlocalrecipients bind_pw');
    expect(site.endpoints.kerberos).toEqual({ realm: 'AD.EXAMPLE.COM', kdc: ['172.18.224.27:88'] });
    expect(site.endpoints.exchange).toEqual({ host: '172.18.254.25', port: 25 });
    expect(discovered).toEqual([
      'serverb: groupware: OX is installed (/opt/open-xchange/etc/groupware/system.properties)',
      'serverb: archive: virtual_alias_maps starts with pcre:/etc/postfix/copyfix',
      'serverb: ldap: from /etc/postfix/adlocalrecipients',
      'serverb: kerberos: default_realm and its kdc lines in /etc/krb5.conf',
      'serverb: exchange: relayhost of a groupware host in main.cf',
    ]);
  });

  it('describes a Debian groupware host, adding the default KDC port', async () => {
    const { site } = await embeddedDefault({ localReader: host(debianGroupware()), hostname: 'deb' });
    expect(site.hosts[0]?.roles).toEqual(['groupware']);
    expect(site.endpoints).toEqual({
      kerberos: { realm: 'EXAMPLE.ORG', kdc: ['kdc1.example.org:88', 'kdc2.example.org:88'] },
    });
  });

  it('calls the RHEL5 relay a relay and takes the VIP from its relayhost', async () => {
    const { site } = await embeddedDefault({ localReader: host(rhelRelay()), hostname: 'relay' });
    expect(site.hosts[0]?.roles).toEqual(['relay']);
    expect(site.endpoints.vip).toEqual({ smtp: '192.168.109.113' });
  });

  it('does not take package leftovers for a groupware host (the lab relay: imapd.conf, empty /opt/open-xchange)', async () => {
    const t = rhelRelay();
    t.write('/etc/imapd.conf', 'configdirectory: /var/lib/cyrus\n');
    t.write('/etc/cyrus.conf', 'SERVICES {\n  imap cmd="imapd" listen="imap"\n}\n');
    t.write('/opt/open-xchange/.keep', '');
    t.write('/var/lib/cyrus/.keep', '');
    const { site, discovered } = await embeddedDefault({ localReader: host(t), hostname: 'relay' });
    expect(site.hosts[0]?.roles).toEqual(['relay']);
    expect(discovered[0]).toBe(
      'relay: relay: postfix hands mail to amavis (master.cf smtp -o content_filter=smtp-amavis:[127.0.0.1]:10024)',
    );
  });

  it('calls a cyrus host groupware once its mailbox list exists', async () => {
    const t = fixtureTree({
      '/etc/imapd.conf': 'configdirectory: /var/lib/imap/\n',
      '/var/lib/imap/mailboxes.db': 'x',
    });
    const found = await discoverHost(host(t));
    expect(found.reasons).toEqual(['groupware: cyrus serves mail (/var/lib/imap/mailboxes.db exists)']);
  });

  it('gives a host with nothing installed no roles and no endpoints', async () => {
    const { site } = await embeddedDefault({ localReader: host(fixtureTree()), hostname: 'bare' });
    expect(site.hosts[0]?.roles).toEqual([]);
    expect(site.endpoints).toEqual({});
  });
});

describe('discovery over a transport', () => {
  it('fills roles and endpoints of SSH hosts that the config leaves out', async () => {
    const text = 'hosts:\n  serverb: { address: 192.168.109.104 }\n  relay: { address: 10.0.0.1, roles: [relay] }\n';
    const loaded = await loadConfigText(text, 'site.yaml', { env: {}, home: '/nonexistent', sshConfigFiles: [] });
    expect(loaded.rolesToDiscover).toEqual(['serverb']);
    const b = host(rhelServerB());
    const relay = host(rhelRelay());
    // The SiteConfig alone is enough: what discovery still owes is remembered with it.
    const done = await completeFromHosts(loaded.site, (h) => (h.name === 'serverb' ? b : relay));
    expect(done.site.hosts.map((h) => [h.name, h.roles])).toEqual([
      ['serverb', ['groupware', 'archive']],
      ['relay', ['relay']],
    ]);
    expect(done.site.endpoints.ldap?.url).toBe('ldap://172.18.16.21:389');
    expect(done.site.endpoints.vip).toEqual({ smtp: '192.168.109.113' }); // from the relay, the only one naming it
    expect(done.rolesToDiscover).toEqual([]);
    expect(Object.isFrozen(done.site.hosts)).toBe(true);
  });

  it('reports a host whose files cannot be read and keeps going', async () => {
    const loaded = await loadConfigText('hosts:\n  gone: { address: 10.9.9.9 }\n', 'site.yaml', {
      env: {},
      home: '/nonexistent',
      sshConfigFiles: [],
    });
    const done = await completeFromHosts(loaded, () => ({
      readFile: async () => {
        throw new Error('connection refused');
      },
    }));
    expect(done.unreachable[0]).toBe('gone: connection refused');
  });

  it('reads ldap maps named only in master.cf overrides', async () => {
    const t = fixtureTree({
      '/etc/postfix/master.cf':
        'copycleanup unix n - n - 0 cleanup\n  -o virtual_alias_maps=ldap:/etc/postfix/adcopyfix\n',
      '/etc/postfix/adcopyfix':
        'server_host = dc1.example.com dc2.example.com\nserver_port = 3268\nsearch_base = DC=example,DC=com\nbind = no\nbind_dn = cn=ignored\n',
    });
    const found = await discoverEndpoints(host(t));
    expect(found.endpoints.ldap).toEqual({ url: 'ldap://dc1.example.com:3268', baseDn: 'DC=example,DC=com' });
  });

  it.each([
    ['[172.18.254.25]', { host: '172.18.254.25' }],
    ['[192.168.109.113]:10025', { host: '192.168.109.113', port: 10025 }],
    ['mx.example.com:2525', { host: 'mx.example.com', port: 2525 }],
    ['', null],
  ])('parses relayhost %j', (value, expected) => {
    expect(parseRelayhost(value)).toEqual(expected);
  });

  it.skipIf(!existsSync('/etc/imapd.conf'))('discovers this machine through its own files', async () => {
    const found = await discoverHost((await import('../../src/config/file-reader.js')).localFiles);
    expect(found.installed.components.has('cyrus')).toBe(true);
  });
});
