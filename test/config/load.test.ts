import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detailsOf, loadConfig, loadConfigText, searchPath, EMBEDDED_SOURCE } from '../../src/config/index.js';
import { UserError } from '../../src/core/errors.js';
import { fixtureTree, rhelServerB, type FixtureTree } from '../facts/fixture-hosts.js';
import { RootedTransport } from '../facts/rooted-transport.js';

const EXAMPLE = join(import.meta.dirname, '../fixtures/config/example.yaml');
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'oxdoctor-config-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
function tree(t: FixtureTree): RootedTransport {
  cleanups.push(() => t.remove());
  return new RootedTransport(t.root);
}

describe('the example config', () => {
  async function loadExample() {
    const dir = tempDir();
    const pwFile = join(dir, 'oxadmin.pw');
    writeFileSync(pwFile, 'ox admin pw\n', { mode: 0o600 });
    const cyrusPwFile = join(dir, 'cyrus-admin.pw');
    writeFileSync(cyrusPwFile, 'cyrus admin pw\n', { mode: 0o600 });
    const text = readFileSync(EXAMPLE, 'utf8')
      .replace('/etc/oxdoctor/oxadmin.pw', pwFile)
      .replace('/etc/oxdoctor/cyrus-admin.pw', cyrusPwFile);
    return loadConfigText(text, 'example.yaml', {
      env: { AD_BIND_PW: 'ad bind pw' },
      home: '/home/oncall',
      isTTY: true,
      prompt: async () => 'test user pw',
      sshConfigFiles: [],
      localReader: tree(fixtureTree()),
    });
  }

  it('parses, with every documented key in the result', async () => {
    const { site } = await loadExample();
    expect(site.site).toBe('Example mail');
    expect(site.defaults).toEqual({ timeoutMs: 10000, concurrency: 16, perHostConcurrency: 6, refreshSeconds: 60 });
    expect(site.hosts.map((h) => [h.name, h.roles, h.transport.kind])).toEqual([
      ['relay', ['relay'], 'ssh'],
      ['servera', ['groupware'], 'ssh'],
      ['serverb', [], 'ssh'],
      ['here', [], 'local'],
    ]);
    expect(site.endpoints.kerberos).toEqual({ realm: 'AD.EXAMPLE.COM', kdc: ['172.18.224.27:88'] });
    expect(site.thresholds['queue.deferred']).toEqual({ warn: '50', crit: '200' });
  });

  it('resolves SSH settings with ~ expanded and the rest defaulted', async () => {
    const { site } = await loadExample();
    const servera = site.hosts[1]!.transport;
    expect(servera.kind === 'ssh' && servera.ssh).toMatchObject({
      hostname: '192.168.109.113',
      port: 22,
      user: 'root',
      identityFiles: ['/home/oncall/.ssh/id_ed25519'],
      identitiesOnly: true,
      knownHostsFiles: ['/home/oncall/.ssh/known_hosts'],
      proxyJump: 'bastion',
      connectTimeoutMs: 5000,
    });
  });

  it('resolves the env, file and prompt secrets into Secrets', async () => {
    const { site } = await loadExample();
    expect(site.endpoints.ldap?.bindPassword?.reveal()).toBe('ad bind pw');
    expect(site.ox?.adminPassword?.reveal()).toBe('ox admin pw');
    expect(site.testUser?.password?.reveal()).toBe('test user pw');
    expect(site.imapAdmin?.login).toBe('cyrus');
    expect(site.imapAdmin?.password.reveal()).toBe('cyrus admin pw');
  });

  it('reads the TLS trust a password needs, fingerprints in upper case', async () => {
    const { site } = await loadExample();
    expect(site.tls).toEqual({
      requireTrusted: true,
      fingerprints: ['3A:5F:0C:9B:21:7E:44:D8:6A:10:BE:93:0F:C2:58:71:AA:E4:19:63:2D:8C:F0:47:B5:9E:31:06:C8:7D:E2:54'],
    });
  });

  it('lists the SSH host without roles for discovery over its transport', async () => {
    expect((await loadExample()).rolesToDiscover).toEqual(['serverb']);
  });

  it('is frozen all the way down', async () => {
    const { site } = await loadExample();
    expect(() => {
      (site.defaults as { timeoutMs: number }).timeoutMs = 1;
    }).toThrow(TypeError);
    expect(() => (site.hosts[0]!.roles as string[]).push('archive')).toThrow(TypeError);
  });
});

describe('a minimal config', () => {
  it('gets defaults, and roles and endpoints of its local host from discovery', async () => {
    const { site, discovered } = await loadConfigText('hosts:\n  here: { local: true }\n', 'min.yaml', {
      env: {},
      home: '/nonexistent',
      localReader: tree(rhelServerB()),
    });
    expect(site.site).toBe('oxdoctor');
    expect(site.defaults.concurrency).toBe(16);
    expect(site.hosts[0]?.roles).toEqual(['groupware', 'archive']);
    expect(site.endpoints.ldap?.url).toBe('ldap://172.18.16.21:389');
    expect(site.endpoints.kerberos?.realm).toBe('AD.EXAMPLE.COM');
    expect(discovered).toContain('here: ldap: from /etc/postfix/adlocalrecipients');
  });

  it('takes threshold numbers written without quotes as range text', async () => {
    const text =
      'hosts:\n  here: { local: true, roles: [] }\nthresholds:\n  queue.deferred: { warn: 50, crit: "@10:20" }\n';
    const { site } = await loadConfigText(text, 't.yaml', {
      env: {},
      home: '/nonexistent',
      localReader: tree(fixtureTree()),
    });
    expect(site.thresholds['queue.deferred']).toEqual({ warn: '50', crit: '@10:20' });
  });

  it('keeps what the config says over what discovery finds', async () => {
    const text =
      'hosts:\n  here: { local: true, roles: [relay] }\nendpoints:\n  kerberos: { realm: LAB.TEST, kdc: ["127.0.0.1:8888"] }\n';
    const { site } = await loadConfigText(text, 'x.yaml', {
      env: {},
      home: '/nonexistent',
      localReader: tree(rhelServerB()),
    });
    expect(site.hosts[0]?.roles).toEqual(['relay']);
    expect(site.endpoints.kerberos).toEqual({ realm: 'LAB.TEST', kdc: ['127.0.0.1:8888'] });
    expect(site.endpoints.ldap?.baseDn).toBe('DC=example,DC=com'); // omitted, so discovered
  });

  it('reports an unsupported ProxyCommand in ~/.ssh/config at the host line', async () => {
    const dir = tempDir();
    const sshConfig = join(dir, 'ssh_config');
    writeFileSync(sshConfig, 'Host relay\n  ProxyCommand nc %h %p\n');
    const err = await loadConfigText('hosts:\n  relay: { roles: [relay] }\n', 'p.yaml', {
      env: {},
      home: dir,
      sshConfigFiles: [sshConfig],
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      `p.yaml:2:10: hosts.relay: ProxyCommand (${sshConfig}:2) is not supported (use ProxyJump, or set hostname/port for this host in the oxdoctor config)`,
    );
  });
});

describe('search order', () => {
  function layout(): { home: string; etc: string; write: (p: string) => string } {
    const dir = tempDir();
    const home = join(dir, 'home');
    const etc = join(dir, 'etc');
    const write = (p: string): string => {
      mkdirSync(join(p, '..'), { recursive: true });
      writeFileSync(p, `site: ${p}\nhosts:\n  here: { local: true, roles: [] }\n`);
      return p;
    };
    return { home, etc, write };
  }

  it('lists --config, $OXDOCTOR_CONFIG, the home file and the /etc file in that order', () => {
    expect(
      searchPath({ explicitPath: '/a.yaml', env: { OXDOCTOR_CONFIG: '/b.yaml' }, home: '/home/u' }).map((c) => c.path),
    ).toEqual(['/a.yaml', '/b.yaml', '/home/u/.config/oxdoctor/config.yaml', '/etc/oxdoctor/config.yaml']);
  });

  it('takes the first file that exists', async () => {
    const { home, etc, write } = layout();
    const etcFile = write(join(etc, 'config.yaml'));
    const opts = { home, etcDir: etc, localReader: tree(fixtureTree()) };
    expect((await loadConfig({ ...opts, env: {} })).site).toBe(etcFile);
    const homeFile = write(join(home, '.config/oxdoctor/config.yaml'));
    expect((await loadConfig({ ...opts, env: {} })).site).toBe(homeFile);
    const envFile = write(join(home, 'env.yaml'));
    expect((await loadConfig({ ...opts, env: { OXDOCTOR_CONFIG: envFile } })).site).toBe(envFile);
    const explicit = write(join(home, 'explicit.yaml'));
    expect((await loadConfig({ ...opts, env: { OXDOCTOR_CONFIG: envFile }, path: explicit })).site).toBe(explicit);
  });

  it('refuses a --config or $OXDOCTOR_CONFIG file that does not exist instead of falling through', async () => {
    const { home, etc, write } = layout();
    write(join(etc, 'config.yaml'));
    const err = await loadConfig({ home, etcDir: etc, env: {}, explicitPath: '/no/such.yaml' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe('config file /no/such.yaml (from --config) does not exist');
    await expect(loadConfig({ home, etcDir: etc, env: { OXDOCTOR_CONFIG: '/no/env.yaml' } })).rejects.toThrow(
      /from OXDOCTOR_CONFIG/,
    );
  });

  it('falls back to the embedded default when no file exists', async () => {
    const { home, etc } = layout();
    const site = await loadConfig({
      home,
      etcDir: etc,
      env: {},
      hostname: 'node8888',
      localReader: tree(rhelServerB()),
    });
    expect(site.source).toBe(EMBEDDED_SOURCE);
    expect(site.hosts.map((h) => h.name)).toEqual(['node8888']);
    expect(detailsOf(site).discovered).toContain(
      'node8888: groupware: OX is installed (/opt/open-xchange/etc/groupware/system.properties)',
    );
  });
});

describe('the compact form of the config', () => {
  it('loads with flow mappings and dotted threshold names on one line', async () => {
    const text = `site: Example mail
defaults: { timeoutMs: 10000, concurrency: 16, perHostConcurrency: 6, refreshSeconds: 60 }
hosts:
  relay:  { address: relay.example.com, roles: [relay] }
  servera: { address: 192.168.109.113, roles: [groupware], ssh: { user: root, port: 22, identityFile: ~/.ssh/id_ed25519, knownHosts: ~/.ssh/known_hosts, proxyJump: bastion, connectTimeoutMs: 5000 } }
  here:   { local: true }
endpoints:
  ldap: { url: ldap://172.18.16.21, bindDn: "CN=svc,DC=example,DC=com", bindPassword: { env: AD_BIND_PW }, baseDn: "DC=example,DC=com" }
  kerberos: { realm: AD.EXAMPLE.COM, kdc: ["172.18.224.27:88"] }
  exchange: { host: 172.18.254.25, port: 25 }
  vip: { imap: 192.168.109.113, smtp: 192.168.109.113 }
ox: { context: 1, admin: oxadmin }
testUser: { login: test1001, address: test1001@example.com, password: prompt }
thresholds: { queue.deferred: { warn: "50", crit: "200" }, clock.offsetSeconds: { warn: "60", crit: "300" } }
`;
    const { site } = await loadConfigText(text, 'compact.yaml', {
      env: { AD_BIND_PW: 'x-pw' },
      home: '/home/oncall',
      isTTY: true,
      prompt: async () => 'typed',
      sshConfigFiles: [],
      localReader: tree(fixtureTree()),
    });
    expect(Object.keys(site.thresholds)).toEqual(['queue.deferred', 'clock.offsetSeconds']);
    expect(site.hosts.map((h) => h.name)).toEqual(['relay', 'servera', 'here']);
    expect(site.endpoints.vip).toEqual({ imap: '192.168.109.113', smtp: '192.168.109.113' });
  });
});
