import { afterEach, describe, expect, it } from 'vitest';
import { cyrusConf } from '../../src/facts/cyrus-conf.js';
import { inetListenersOf } from '../../src/facts/master-cf.js';
import { imapdConf } from '../../src/facts/imapd-conf.js';
import { krb5Conf } from '../../src/facts/krb5-conf.js';
import { parseEtcServices } from '../../src/facts/etc-services.js';
import { readText } from '../../src/facts/read-text.js';
import { sweep } from './fact-context.js';
import { ADLOCALRECIPIENTS, debianGroupware, fixtureTree, rhelServerB, type FixtureTree } from './fixture-hosts.js';
import { RootedTransport } from './rooted-transport.js';

const trees: FixtureTree[] = [];
afterEach(() => {
  for (const t of trees.splice(0)) t.remove();
});
function host(tree: FixtureTree): ReturnType<ReturnType<typeof sweep>> {
  trees.push(tree);
  return sweep(new RootedTransport(tree.root))();
}

describe('file facts', () => {
  it('resolves the RHEL5 sieve port 2000 through the host /etc/services', async () => {
    const facts = await cyrusConf(host(rhelServerB()));
    expect(facts?.services.map((s) => s.listen)).toEqual([
      { kind: 'inet', serviceName: 'imap', port: 143 },
      { kind: 'inet', serviceName: 'sieve', port: 2000 },
      { kind: 'unix', path: '/var/lib/imap/socket/lmtp' },
    ]);
  });

  it('resolves the Debian sieve port 4190 and keeps the localhost address', async () => {
    const facts = await cyrusConf(host(debianGroupware()));
    expect(facts?.services[1]?.listen).toEqual({ kind: 'inet', host: 'localhost', serviceName: 'sieve', port: 4190 });
  });

  it('reads krb5.conf and imapd.conf, and answers null where they do not exist', async () => {
    const b = host(rhelServerB());
    expect((await krb5Conf(b))?.realms.get('AD.EXAMPLE.COM')?.kdc[0]?.port).toBe(88);
    expect((await imapdConf(b))?.options.get('configdirectory')).toBe('/var/lib/imap');
    const empty = host(fixtureTree());
    expect(await krb5Conf(empty)).toBeNull();
    expect(await imapdConf(empty)).toBeNull();
    expect(await cyrusConf(empty)).toBeNull();
  });

  it('masks bind_pw and other password values in the evidence of a read file', async () => {
    const ctx = host(rhelServerB());
    const file = await readText(ctx, '/etc/postfix/adlocalrecipients');
    expect(file?.text).toBe(ADLOCALRECIPIENTS);
    const shown = ctx.evidence.map((e) => e.text).join('\n');
    expect(shown).toContain('bind_dn = CN=svc-postfix');
    expect(shown).not.toContain('s3cret');
    expect(shown).not.toContain('with spaces');
  });

  it('parses /etc/services names and aliases per protocol', () => {
    const ports = parseEtcServices('imap\t143/tcp imap2 # comment\nsieve 4190/tcp\nsyslog 514/udp\n');
    expect([...ports]).toEqual([
      ['imap/tcp', 143],
      ['imap2/tcp', 143],
      ['sieve/tcp', 4190],
      ['syslog/udp', 514],
    ]);
  });
});

describe('inetListenersOf', () => {
  it('resolves a master.cf port name through the host /etc/services', async () => {
    const tree = fixtureTree({
      '/etc/postfix/main.cf': 'myhostname = x\n',
      '/etc/postfix/master.cf':
        'smtp inet n - n - - smtpd\nmysubmit inet n - n - - smtpd\nnowhere inet n - n - - smtpd\n',
      '/etc/services': 'mysubmit\t2587/tcp\n',
    });
    const listeners = await inetListenersOf(host(tree));
    expect(listeners.map((l) => [l.service.name, l.port])).toEqual([
      ['smtp', 25],
      ['mysubmit', 2587],
      ['nowhere', undefined],
    ]);
  });
});
