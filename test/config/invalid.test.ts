import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfigText } from '../../src/config/index.js';

const DIR = join(import.meta.dirname, '../fixtures/config/invalid');

// Each invalid config and the exact problems it must produce, one line each.
const EXPECTED: Record<string, string[]> = {
  'alias-bomb.yaml': ['invalid/alias-bomb.yaml:6:36: aliases expand the document to more than 1000000 values'],
  'cluster-undeclared.yaml': [
    'invalid/cluster-undeclared.yaml:3:50: hosts.servera2.cluster: cluster "serverA" is not declared (declared: servera, spare); add clusters: { serverA: { vip: ADDRESS } }',
    'invalid/cluster-undeclared.yaml:6:10: clusters.spare: no host is a node of this cluster (set cluster: spare on its nodes)',
  ],
  'cluster-vip-not-address.yaml': [
    'invalid/cluster-vip-not-address.yaml:4:19: clusters.servera.vip: expected an IPv4 or IPv6 address, got "vip.example.com"',
  ],
  'connect-timeout-overflow.yaml': [
    'invalid/connect-timeout-overflow.yaml:4:30: hosts.servera.ssh.connectTimeoutMs: expected at most 3600000 ms (one hour), got 3000000000',
  ],
  'defaults-too-big.yaml': [
    'invalid/defaults-too-big.yaml:2:16: defaults.concurrency: expected a number <= 1000, got 100000',
    'invalid/defaults-too-big.yaml:3:23: defaults.perHostConcurrency: expected a number <= 100, got 1000',
    'invalid/defaults-too-big.yaml:4:19: defaults.refreshSeconds: expected at most 3600 seconds (one hour), got 2147484',
  ],
  'ldap-control-characters.yaml': [
    'invalid/ldap-control-characters.yaml:4:16: endpoints.ldap.url: expected an ldap:// or ldaps:// URL, got "ldap://dc1\\u0000"',
    'invalid/ldap-control-characters.yaml:4:73: endpoints.ldap.bindDn: expected text without control characters (CR, LF, NUL, ...), got "CN=oxdoctor\\nX"',
  ],
  'misspelt-threshold.yaml': [
    'invalid/misspelt-threshold.yaml:4:3: thresholds["queue.defered"]: unknown threshold (expected one of: clamd.officialDatabases, clamd.signatureAgeHours, clock.offsetSeconds, disk.freeInodesPercent, disk.freePercent, oxldapsync.lastRunHours, queue.active, queue.corrupt, queue.deferred, queue.hold, queue.incoming, queue.maildrop, queue.oldestMinutes, user.failedLoginsHour)',
  ],
  'proto-host.yaml': ['invalid/proto-host.yaml:3:3: hosts.__proto__: "__proto__" is not allowed as a key'],
  'site-with-escape.yaml': [
    'invalid/site-with-escape.yaml:1:7: site: expected text without control characters (CR, LF, NUL, ...), got "\\u001b[31mred\\u009b"',
  ],
  'test-user-crlf.yaml': [
    'invalid/test-user-crlf.yaml:3:20: testUser.login: expected text without control characters (CR, LF, NUL, ...), got "test1001\\r\\nA01 LOGOUT"',
  ],
  'timeout-over-an-hour.yaml': [
    'invalid/timeout-over-an-hour.yaml:2:14: defaults.timeoutMs: expected at most 3600000 ms (one hour), got 2147483648',
  ],
  'two-documents.yaml': ['invalid/two-documents.yaml:3:1: one YAML document expected, found a second one'],
  'bad-indentation.yaml': ['invalid/bad-indentation.yaml:3:1: All mapping items must start at the same column'],
  'bad-threshold.yaml': [
    'invalid/bad-threshold.yaml:4:27: thresholds["queue.deferred"].warn: range "5O": "5O" is not a number (expected e.g. 10, 10:, ~:10, 10:20, @10:20)',
  ],
  'duplicate-key.yaml': ['invalid/duplicate-key.yaml:2:1: site: duplicate key (first at line 1)'],
  'empty.yaml': ['invalid/empty.yaml:1:1: hosts: missing (expected a mapping)'],
  'hosts-as-list.yaml': ['invalid/hosts-as-list.yaml:2:3: hosts: expected a mapping, got a list of 2'],
  'ldap-url-without-scheme.yaml': [
    'invalid/ldap-url-without-scheme.yaml:4:16: endpoints.ldap.url: expected an ldap:// or ldaps:// URL, got "172.18.16.21"',
  ],
  'ldap-without-base.yaml': ['invalid/ldap-without-base.yaml:4:3: endpoints.ldap.baseDn: missing (expected a string)'],
  'literal-secret.yaml': [
    'invalid/literal-secret.yaml:7:19: endpoints.ldap.bindPassword: secrets are references: use {env: NAME} or {file: PATH} or prompt',
  ],
  'local-with-ssh.yaml': [
    'invalid/local-with-ssh.yaml:3:12: hosts.here.local: a local host takes no address or ssh settings',
  ],
  'no-hosts.yaml': ['invalid/no-hosts.yaml:2:8: hosts: expected at least one host'],
  'no-kdc.yaml': ['invalid/no-kdc.yaml:4:43: endpoints.kerberos.kdc: expected at least 1 item, got an empty list'],
  'port-not-a-number.yaml': [
    'invalid/port-not-a-number.yaml:4:13: hosts.servera.ssh.port: expected a number, got "22x"',
  ],
  'secret-with-two-sources.yaml': [
    'invalid/secret-with-two-sources.yaml:6:18: ox.adminPassword: expected {env: NAME}, {file: PATH} or prompt',
  ],
  'test-user-address.yaml': [
    'invalid/test-user-address.yaml:3:39: testUser.address: expected a mail address, got "test1001"',
  ],
  'tls-fingerprint.yaml': [
    'invalid/tls-fingerprint.yaml:4:18: tls.fingerprints[0]: expected a SHA-256 fingerprint as `openssl x509 -noout -fingerprint -sha256` prints it (AB:CD:...:EF), got "SHA256:q8Xk1yGm"',
  ],
  'unknown-role.yaml': [
    'invalid/unknown-role.yaml:2:55: hosts.servera.roles[1]: expected one of relay, groupware, archive, got "mailstore"',
  ],
  'unknown-ssh-key.yaml': [
    'invalid/unknown-ssh-key.yaml:4:24: hosts.servera.ssh.prot: unknown key (expected one of: user, port, identityFile, identitiesOnly, knownHosts, proxyJump, hostKeyAlias, connectTimeoutMs, helper)',
  ],
  'unknown-top-key.yaml': [
    'invalid/unknown-top-key.yaml:1:1: sites: unknown key (expected one of: site, defaults, hosts, clusters, endpoints, ox, imapAdmin, testUser, tls, thresholds, seedDeviations)',
  ],
  'zero-timeout.yaml': ['invalid/zero-timeout.yaml:2:14: defaults.timeoutMs: expected a number >= 1, got 0'],
};

async function problemsOf(file: string): Promise<readonly string[]> {
  try {
    await loadConfigText(readFileSync(join(DIR, file), 'utf8'), `invalid/${file}`, {
      env: {},
      home: '/nonexistent',
      isTTY: false,
    });
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('invalid configs', () => {
  it('has an expected message for every file in the fixture directory', () => {
    expect(readdirSync(DIR).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s gives exactly its expected problems', async (file, expected) => {
    expect(await problemsOf(file)).toEqual(expected);
  });

  it('reports every problem of a file at once, each on its own line', async () => {
    const text = 'site: 5\nhosts:\n  a: { roles: [x], address: "" }\nextra: 1\n';
    let message = '';
    await loadConfigText(text, 'multi.yaml', { env: {}, home: '/nonexistent' }).catch(
      (e: Error) => (message = e.message),
    );
    expect(message.split('\n')).toEqual([
      'multi.yaml:1:7: site: expected a string, got 5',
      'multi.yaml:3:29: hosts.a.address: expected a non-empty string, got ""',
      'multi.yaml:3:16: hosts.a.roles[0]: expected one of relay, groupware, archive, got "x"',
      'multi.yaml:4:1: extra: unknown key (expected one of: site, defaults, hosts, clusters, endpoints, ox, imapAdmin, testUser, tls, thresholds, seedDeviations)',
      'fix the lines above; `oxdoctor config validate` checks the config without running any check',
    ]);
  });

  it('never echoes a literal secret, even one with spaces', async () => {
    const problems = await problemsOf('literal-secret.yaml');
    expect(problems.join('\n')).not.toMatch(/Winter|2025|rocks/);
  });
});

describe('problems inside maps and alternatives', () => {
  async function firstProblem(text: string): Promise<string> {
    const err = await loadConfigText(text, 'x.yaml', { env: {}, home: '/nonexistent' }).catch((e: unknown) => e);
    return err instanceof ConfigError ? (err.problems[0] ?? '') : 'loaded';
  }

  it('names a host name that is not allowed', async () => {
    expect(await firstProblem('hosts:\n  "bad name!": { local: true }\n')).toBe(
      'x.yaml:2:3: hosts["bad name!"]: expected a host name of up to 253 letters, digits, ".", "_" and "-", got "bad name!"',
    );
    expect(await firstProblem(`hosts:\n  ${'a'.repeat(254)}: { local: true }\n`)).toMatch(
      /^x\.yaml:2:3: .*: expected a host name of up to 253/,
    );
  });

  it('says what a threshold may be when it is neither a string nor a number', async () => {
    expect(await firstProblem('hosts:\n  a: { local: true }\nthresholds:\n  queue.hold: { warn: [1] }\n')).toBe(
      'x.yaml:4:23: thresholds["queue.hold"].warn: expected a string or a number, got a list of 1',
    );
  });
});
