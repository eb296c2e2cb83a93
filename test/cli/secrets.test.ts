// Issue 2's safety bar: no secret value in any process's argv (read from /proc/*/cmdline while a real
// run uses the secrets), nor in the output or evidence.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSshd, type TestSshd } from '../helpers/sshd.js';
import { startSlapd, LDAP_BASE, LDAP_BIND_DN, LDAP_BIND_PW } from '../helpers/daemons/slapd.js';
import type { Daemon } from '../helpers/daemons/process.js';
import { buildCli, runCli, type Built } from './build.js';

const TEST_USER_PW = 'User Pass-word 7781 with spaces';
const OX_ADMIN_PW = 'ox-Admin-Secret-5512';

let built: Built;
let sshd: TestSshd;
let slapd: Daemon & { url: string };
let dir: string;

beforeAll(async () => {
  [built, sshd, slapd] = await Promise.all([buildCli(), startSshd(), startSlapd()]);
  dir = mkdtempSync(join(tmpdir(), 'oxdoctor-secrets-'));
  writeFileSync(join(dir, 'known_hosts'), `${sshd.knownHostsLine}\n`);
  writeFileSync(join(dir, 'user.pw'), `${TEST_USER_PW}\n`, { mode: 0o600 });
  writeFileSync(
    join(dir, 'config.yaml'),
    [
      'site: secrets test',
      'hosts:',
      '  servera:',
      `    address: ${sshd.host}`,
      '    roles: [groupware]',
      `    ssh: { user: ${sshd.user}, port: ${sshd.port}, identityFile: ${sshd.clientKeyPath}, knownHosts: ${join(dir, 'known_hosts')} }`,
      'endpoints:',
      `  ldap: { url: "${slapd.url}", bindDn: "${LDAP_BIND_DN}", bindPassword: { env: SECRETS_TEST_BIND_PW }, baseDn: "${LDAP_BASE}" }`,
      'ox: { context: 1, admin: oxadmin, adminPassword: { env: SECRETS_TEST_OX_PW } }',
      `testUser: { login: test1001, address: test1001@example.com, password: { file: ${join(dir, 'user.pw')} } }`,
      '',
    ].join('\n'),
  );
}, 180_000);

afterAll(async () => {
  await Promise.all([sshd?.stop(), slapd?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

// Every process's argv on this machine (the SSH "remote" side runs here too).
function allArgv(): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      out.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

describe('secrets during a real run', () => {
  it('never appear in any argv, in the output or in the evidence, while the LDAP bind secret is used', async () => {
    const secrets = [LDAP_BIND_PW, TEST_USER_PW, OX_ADMIN_PW];
    const seen = new Set<string>();
    let scans = 0;
    let running = true;
    const watcher = (async () => {
      while (running) {
        for (const argv of allArgv())
          for (const s of secrets) if (argv.includes(s)) seen.add(`${s} in: ${argv.slice(0, 200)}`);
        scans++;
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const r = await runCli(
      built.bin,
      [
        '--config',
        join(dir, 'config.yaml'),
        'check',
        '--check',
        'host',
        '--check',
        'service/ldap',
        '--format',
        'json',
        '--verbose',
      ],
      {
        env: { SECRETS_TEST_BIND_PW: LDAP_BIND_PW, SECRETS_TEST_OX_PW: OX_ADMIN_PW },
      },
    );
    running = false;
    await watcher;

    const doc = JSON.parse(r.stdout) as { results: { check: string; status: string; summary: string }[] };
    const ldap = doc.results.find((x) => x.check === 'service/ldap');
    expect(ldap?.status, ldap?.summary).toBe('ok'); // the bind secret really was used
    expect(doc.results.find((x) => x.check === 'host/ssh')?.status).toBe('ok');
    expect(scans).toBeGreaterThan(3);
    expect([...seen]).toEqual([]);
    for (const s of secrets) {
      expect(r.stdout).not.toContain(s);
      expect(r.stderr).not.toContain(s);
    }
  });

  it('are shown by reference, never by value, in config show', async () => {
    const r = await runCli(built.bin, ['--config', join(dir, 'config.yaml'), 'config', 'show'], {
      env: { SECRETS_TEST_BIND_PW: LDAP_BIND_PW, SECRETS_TEST_OX_PW: OX_ADMIN_PW },
    });
    expect(r.code).toBe(0);
    for (const s of [LDAP_BIND_PW, TEST_USER_PW, OX_ADMIN_PW]) expect(r.stdout + r.stderr).not.toContain(s);
    expect(r.stdout).toContain('<secret env:SECRETS_TEST_BIND_PW>');
  });
});
