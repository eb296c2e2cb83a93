import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { parseJumpSpec, resolveSshTarget } from '../../../src/transport/ssh/config.js';

describe('ssh_config resolution', () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'oxdoctor-sshcfg-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  mkdirSync(path.join(home, '.ssh', 'conf.d'), { recursive: true });
  const config = path.join(home, '.ssh', 'config');
  writeFileSync(
    config,
    [
      '# site hosts',
      'Include conf.d/*.conf',
      'Host relay relay.example.com',
      '  HostName 10.1.2.3',
      '  Port 2222',
      '  User oncall',
      '  IdentityFile ~/.ssh/id_relay_%h_%r',
      '  IdentityFile "/keys/with space"',
      '  ConnectTimeout 4',
      '  IdentitiesOnly yes',
      'Host *.example.com !legacy.example.com',
      '  User admin',
      '  ProxyJump jump@bastion:2200',
      'Host legacy.example.com',
      '  ProxyCommand nc %h %p',
      'Host alias-*',
      '  HostName %h.internal',
      '  HostKeyAlias shared-key',
      '  UserKnownHostsFile ~/.ssh/site_known_hosts /etc/site_known',
      'Host *',
      '  User fallback',
      '  ServerAliveInterval 30',
      '  Port 22',
    ].join('\n'),
  );
  writeFileSync(path.join(home, '.ssh', 'conf.d', 'a.conf'), 'Host included\n  HostName 10.9.9.9\n');
  const opts = { configFiles: [config], home, localUser: 'me' };

  it('takes the first value for each option and accumulates IdentityFile with tokens expanded', () => {
    const t = resolveSshTarget('relay', {}, opts);
    expect(t).toMatchObject({
      hostname: '10.1.2.3',
      port: 2222,
      user: 'oncall',
      connectTimeoutMs: 4000,
      keepaliveIntervalMs: 30_000,
    });
    expect(t.identityFiles).toEqual([path.join(home, '.ssh', 'id_relay_10.1.2.3_oncall'), '/keys/with space']);
    expect(t.proxyJump).toBeUndefined();
  });

  it('honours wildcards and negation in Host patterns', () => {
    expect(resolveSshTarget('mail.example.com', {}, opts)).toMatchObject({
      user: 'admin',
      proxyJump: 'jump@bastion:2200',
      port: 22,
    });
    expect(() => resolveSshTarget('legacy.example.com', {}, opts)).toThrow(UserError);
  });

  it('expands %h in HostName and reads HostKeyAlias and UserKnownHostsFile', () => {
    const t = resolveSshTarget('alias-a', {}, opts);
    expect(t.hostname).toBe('alias-a.internal');
    expect(t.hostKeyAlias).toBe('shared-key');
    expect(t.knownHostsFiles).toEqual([
      path.join(home, '.ssh', 'site_known_hosts'),
      '/etc/site_known',
      '/etc/ssh/ssh_known_hosts',
      '/etc/ssh/ssh_known_hosts2',
    ]);
  });

  it('reads IdentitiesOnly, and lets the oxdoctor setting win over it', () => {
    expect(resolveSshTarget('relay', {}, opts).identitiesOnly).toBe(true);
    expect(resolveSshTarget('relay', { identitiesOnly: false }, opts).identitiesOnly).toBe(false);
    expect(resolveSshTarget('plain', {}, { configFiles: [], home, localUser: 'me' }).identitiesOnly).toBeUndefined();
  });

  it('follows Include with a glob', () => {
    expect(resolveSshTarget('included', {}, opts).hostname).toBe('10.9.9.9');
  });

  it('uses defaults for a host the file does not mention', () => {
    const t = resolveSshTarget('plain', {}, { configFiles: [], home, localUser: 'me' });
    expect(t).toMatchObject({ hostname: 'plain', port: 22, user: 'me', connectTimeoutMs: 10_000, maxChannels: 8 });
    expect(t.identityFiles).toContain(path.join(home, '.ssh', 'id_ed25519'));
    expect(t.knownHostsFiles[0]).toBe(path.join(home, '.ssh', 'known_hosts'));
  });

  it('lets explicit oxdoctor settings win over ssh_config', () => {
    const t = resolveSshTarget('relay', { port: 22, user: 'root', identityFiles: ['/k'], maxChannels: 4 }, opts);
    expect(t).toMatchObject({ hostname: '10.1.2.3', port: 22, user: 'root', identityFiles: ['/k'], maxChannels: 4 });
  });

  it('parses ProxyJump hops and refuses chains', () => {
    expect(parseJumpSpec('jump@bastion:2200')).toEqual({ host: 'bastion', user: 'jump', port: 2200 });
    expect(parseJumpSpec('bastion')).toEqual({ host: 'bastion' });
    expect(parseJumpSpec('[::1]:22')).toEqual({ host: '::1', port: 22 });
    expect(() => resolveSshTarget('x', { proxyJump: 'a,b' }, opts)).toThrow(/more than one hop/);
  });
});
