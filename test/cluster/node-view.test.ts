import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interfaceAddresses, NODE_VIEW_ARGV, parseNodeView, publicKey } from '../../src/cluster/node-view.js';

// RHEL5's net-tools ifconfig, with the cluster's VIP as an alias label (rgmanager's ip resource does not label
// it, so only `ip addr` shows it there; an admin's ifcfg-eth0:1 does).
const RHEL5_IFCONFIG = `eth0      Link encap:Ethernet  HWaddr 00:16:3E:11:22:33
          inet addr:192.168.109.114  Bcast:192.168.109.255  Mask:255.255.255.0
          inet6 addr: fe80::216:3eff:fe11:2233/64 Scope:Link
          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1

eth0:1    Link encap:Ethernet  HWaddr 00:16:3E:11:22:33
          inet addr:192.168.109.113  Bcast:192.168.109.255  Mask:255.255.255.0

lo        Link encap:Local Loopback
          inet addr:127.0.0.1  Mask:255.0.0.0
`;
const IP_O_ADDR = `1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
2: eth0    inet 192.168.109.115/24 brd 192.168.109.255 scope global eth0\\       valid_lft forever preferred_lft forever
2: eth0    inet 192.168.109.113/24 scope global secondary eth0\\       valid_lft forever preferred_lft forever
2: eth0    inet6 fe80::216:3eff:fe44:5566/64 scope link \\       valid_lft forever preferred_lft forever`;
const NEW_IFCONFIG = `eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500
        inet 10.0.0.5  netmask 255.255.255.0  broadcast 10.0.0.255
        inet6 fe80::1  prefixlen 64  scopeid 0x20<link>`;

describe('what a cluster node says about itself', () => {
  it.each([
    [
      'RHEL5 ifconfig -a',
      RHEL5_IFCONFIG,
      ['192.168.109.114', 'fe80::216:3eff:fe11:2233', '192.168.109.113', '127.0.0.1'],
    ],
    ['ip -o addr', IP_O_ADDR, ['127.0.0.1', '192.168.109.115', '192.168.109.113', 'fe80::216:3eff:fe44:5566']],
    ['a newer ifconfig', NEW_IFCONFIG, ['10.0.0.5', 'fe80::1']],
  ])('reads the addresses of %s', (_name, text, expected) => {
    expect(interfaceAddresses(text)).toEqual(expected);
  });

  it('fingerprints public keys as ssh-keygen -l does, and skips an SSH1 key and garbage', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oxd-node-view-'));
    try {
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'root@node8888', '-f', `${dir}/k`]);
      const line = readFileSync(`${dir}/k.pub`, 'utf8');
      const expected = execFileSync('ssh-keygen', ['-lf', `${dir}/k.pub`], { encoding: 'utf8' }).split(' ')[1];
      expect(publicKey(line)).toEqual({ keyType: 'ssh-ed25519', fingerprint: expected });
      expect(publicKey('1024 35 1405983129837 root@node8888')).toBeNull();
      expect(publicKey(line.replace('ssh-ed25519', 'ssh-rsa'))).toBeNull();
      expect(publicKey('')).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("parses this machine's own answer to the command: its name, its host keys and its addresses", () => {
    const stdout = execFileSync(NODE_VIEW_ARGV[0]!, NODE_VIEW_ARGV.slice(1), { encoding: 'utf8' });
    const view = parseNodeView(stdout);
    expect(view.nodeName).toBe(execFileSync('uname', ['-n'], { encoding: 'utf8' }).trim());
    expect(view.addresses).toContain('127.0.0.1');
    const expected = execFileSync('sh', ['-c', 'for f in /etc/ssh/ssh_host_*key.pub; do ssh-keygen -lf "$f"; done'], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split(' ')[1]);
    expect(view.hostKeys.map((k) => k.fingerprint).sort()).toEqual(expected.sort());
  });

  it('has no addresses when neither ip nor ifconfig answered', () => {
    const view = parseNodeView('node9999\nssh-ed25519 AAAA\n--- oxdoctor: interfaces\n');
    expect(view).toEqual({ nodeName: 'node9999', hostKeys: [], addresses: undefined });
  });
});
