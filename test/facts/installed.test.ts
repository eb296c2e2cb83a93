import { afterEach, describe, expect, it } from 'vitest';
import { detectInstalled, installed } from '../../src/facts/installed.js';
import { inferRoles } from '../../src/facts/roles.js';
import { parseMainCf } from '../../src/postfix/main-cf.js';
import { parseMasterCf } from '../../src/postfix/master-cf.js';
import { sweep } from './fact-context.js';
import { debianGroupware, fixtureTree, rhelRelay, rhelServerB, type FixtureTree } from './fixture-hosts.js';
import { RootedTransport } from './rooted-transport.js';

const trees: FixtureTree[] = [];
afterEach(() => {
  for (const t of trees.splice(0)) t.remove();
});
function transport(tree: FixtureTree): RootedTransport {
  trees.push(tree);
  return new RootedTransport(tree.root);
}

describe('detectInstalled', () => {
  it('finds postfix, cyrus, OX6 and oxldapsync on a RHEL5 server B', async () => {
    const i = await detectInstalled(transport(rhelServerB()));
    expect([...i.components].sort()).toEqual(['cyrus', 'ox', 'oxldapsync', 'postfix']);
    expect(i.found.ox).toBe('/opt/open-xchange/etc/groupware/system.properties');
  });

  it('finds amavis in the RHEL5 /etc/amavisd layout', async () => {
    const i = await detectInstalled(transport(rhelRelay()));
    expect(i.found.amavis).toBe('/etc/amavisd/amavisd.conf');
  });

  it('finds amavis in the Debian conf.d layout and ignores an /opt/open-xchange without OX files', async () => {
    const tree = fixtureTree({ '/etc/amavis/conf.d/50-user': 'use strict;\n' });
    tree.write('/opt/open-xchange/lib/placeholder', '');
    const i = await detectInstalled(transport(tree));
    expect(i.found).toEqual({ amavis: '/etc/amavis/conf.d/50-user' });
  });

  it('finds nothing on an empty host', async () => {
    expect((await detectInstalled(transport(fixtureTree()))).components.size).toBe(0);
  });

  it('records what it found as evidence of the installed fact', async () => {
    const ctx = sweep(transport(debianGroupware()))();
    await installed(ctx);
    expect(ctx.evidence).toEqual([
      {
        label: 'installed components',
        text: 'postfix: /etc/postfix/main.cf\ncyrus: /etc/imapd.conf\nox: /opt/open-xchange/etc/system.properties',
      },
    ]);
  });
});

describe('inferRoles', () => {
  async function rolesOf(tree: FixtureTree): Promise<readonly string[]> {
    const t = transport(tree);
    const read = async (p: string): Promise<string> => (await t.readFile(p))?.data.toString() ?? '';
    const wiring = {
      mainParams: parseMainCf(await read('/etc/postfix/main.cf')).params,
      services: parseMasterCf(await read('/etc/postfix/master.cf')),
    };
    return inferRoles(await detectInstalled(t), wiring).roles;
  }

  it('calls a host that filters through amavis a relay', async () => {
    expect(await rolesOf(rhelRelay())).toEqual(['relay']);
  });

  it('calls server B groupware and archive because of its copycleanup service', async () => {
    expect(await rolesOf(rhelServerB())).toEqual(['groupware', 'archive']);
  });

  it('calls a cyrus host without copy rewriting groupware only', async () => {
    expect(await rolesOf(debianGroupware())).toEqual(['groupware']);
  });

  it('explains each role it infers', () => {
    const r = inferRoles(
      {
        components: new Set(['postfix', 'cyrus']),
        found: { postfix: '/etc/postfix/main.cf', cyrus: '/etc/imapd.conf' },
      },
      { mainParams: new Map([['virtual_alias_maps', 'pcre:/etc/postfix/copyfix ldap:/etc/postfix/x']]), services: [] },
      'postfix mailbox_transport = lmtp:unix:/var/lib/imap/socket/lmtp',
    );
    expect(r.reasons).toEqual([
      'groupware: cyrus serves mail (postfix mailbox_transport = lmtp:unix:/var/lib/imap/socket/lmtp)',
      'archive: virtual_alias_maps starts with pcre:/etc/postfix/copyfix',
    ]);
  });

  it('does not call a host with cyrus merely installed groupware', () => {
    const r = inferRoles({ components: new Set(['cyrus']), found: { cyrus: '/etc/imapd.conf' } });
    expect(r.roles).toEqual([]);
  });
});

describe('amavis without its config files', () => {
  it('counts as installed when postfix hands mail to it on this host', async () => {
    const tree = fixtureTree({
      '/etc/postfix/main.cf': 'myhostname = relay\n',
      '/etc/postfix/master.cf': 'smtp inet n - n - - smtpd\n  -o content_filter=smtp-amavis:[127.0.0.1]:10024\n',
    });
    const i = await detectInstalled(transport(tree));
    expect(i.found.amavis).toBe('master.cf smtp -o content_filter=smtp-amavis:[127.0.0.1]:10024');
  });
});

describe('amavis on another host', () => {
  it('does not count as installed here', async () => {
    const tree = fixtureTree({
      '/etc/postfix/main.cf': 'content_filter = smtp-amavis:[10.0.0.5]:10024\n',
    });
    expect((await detectInstalled(transport(tree))).found.amavis).toBeUndefined();
  });
});
