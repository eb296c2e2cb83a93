import { describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LAB_ADDRESSES, labExec, labPaths, runLab, type LabHost } from './lab.js';
import { run } from './probes.js';

const sshHosts: readonly { host: LabHost; fqdn: string; postfix: boolean }[] = [
  { host: 'relay', fqdn: 'relay.example.com', postfix: true },
  { host: 'servera', fqdn: 'node8888.example.com', postfix: true },
  { host: 'serverb', fqdn: 'serverb.example.com', postfix: true },
  { host: 'servera2', fqdn: 'node9999.example.com', postfix: false },
];

describe('lab hosts', () => {
  it.each(sshHosts)('$host answers over SSH with its own hostname and host key', async ({ host, fqdn }) => {
    const r = await runLab(['ssh', host, 'cat /etc/hostname; hostname']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([fqdn, fqdn]);
  });

  it.each(sshHosts.filter((h) => h.postfix))('$host sees its own /etc/postfix over SSH', async ({ host }) => {
    const r = await runLab(['ssh', host, 'postconf -h inet_interfaces; test -f /var/log/maillog && echo maillog']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([LAB_ADDRESSES[host], 'maillog']);
  });

  it('gives each host a different master.cf, as in the seed', async () => {
    const relay = await runLab(['ssh', 'relay', 'postconf -M smtp-amavis/unix smtpcopy/unix']);
    const b = await runLab(['ssh', 'serverb', 'postconf -M copycleanup/unix; postconf -h virtual_alias_maps']);
    expect(relay.stdout).toMatch(/^smtp-amavis\s+unix/m);
    expect(relay.stdout).toMatch(/myhostname=archive\.example\.com/);
    expect(b.stdout).toMatch(/virtual_alias_maps=ldap:\/etc\/postfix\/adcopyfix/);
    expect(b.stdout).toMatch(/^pcre:\/etc\/postfix\/copyfix /m);
  });

  it('refuses a client key the host does not know', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lab-key-'));
    try {
      const key = path.join(dir, 'id');
      expect((await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key])).code).toBe(0);
      const paths = await labPaths();
      const r = await run('ssh', [
        '-i',
        key,
        '-o',
        'IdentitiesOnly=yes',
        '-o',
        'BatchMode=yes',
        '-o',
        'StrictHostKeyChecking=yes',
        '-o',
        `UserKnownHostsFile=${paths.knownHosts}`,
        `root@${LAB_ADDRESSES.servera}`,
        'true',
      ]);
      expect(r.code).toBe(255);
      expect(r.stderr).toMatch(/Permission denied \(publickey\)/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("writes mail-facility lines in syslog format to the host's own /var/log/maillog", async () => {
    const tag = `lab-test-${process.pid}-${Date.now()}`;
    await labExec('serverb', ['logger', '-p', 'mail.info', '-t', 'labtest', tag]);
    const r = await labExec('serverb', ['grep', '-F', tag, '/var/log/maillog']);
    expect(r.stdout).toMatch(new RegExp(`^[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d serverb labtest: ${tag}$`, 'm'));
    const other = await labExec('servera', ['grep', '-c', '-F', tag, '/var/log/maillog']);
    expect(other.stdout.trim()).toBe('0');
  });
});
