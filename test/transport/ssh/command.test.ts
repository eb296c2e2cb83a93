import { describe, expect, it } from 'vitest';
import { sshDebugCommand } from '../../../src/transport/ssh/command.js';
import type { SshTarget } from '../../../src/core/host.js';

const home = '/home/oncall';
const target: SshTarget = {
  hostname: '10.1.2.3',
  port: 2222,
  user: 'root',
  identityFiles: [],
  knownHostsFiles: [
    `${home}/.ssh/known_hosts`,
    `${home}/.ssh/known_hosts2`,
    '/etc/ssh/ssh_known_hosts',
    '/etc/ssh/ssh_known_hosts2',
  ],
  connectTimeoutMs: 1000,
  keepaliveIntervalMs: 1000,
  maxChannels: 1,
};

describe('the ssh -v command in hints', () => {
  it('leaves out the known_hosts files ssh reads anyway', () => {
    expect(sshDebugCommand(target, [`${home}/.ssh/id_ed25519`], home)).toBe(
      `ssh -v -p 2222 -i ${home}/.ssh/id_ed25519 root@10.1.2.3`,
    );
  });

  it('carries HostKeyAlias, IdentitiesOnly, ProxyJump and other known_hosts files, quoted', () => {
    const known = ['/etc/oxdoctor/known hosts', '/etc/oxdoctor/more'];
    const settings = { hostKeyAlias: 'relay', identitiesOnly: true, proxyJump: 'jump@bastion:2200' };
    const t = { ...target, knownHostsFiles: known, ...settings };
    expect(sshDebugCommand(t, ['/keys/with space'], home)).toBe(
      "ssh -v -p 2222 -i '/keys/with space' -o 'UserKnownHostsFile=\"/etc/oxdoctor/known hosts\" /etc/oxdoctor/more' " +
        '-o HostKeyAlias=relay ' +
        '-o IdentitiesOnly=yes -J jump@bastion:2200 root@10.1.2.3',
    );
  });
});
