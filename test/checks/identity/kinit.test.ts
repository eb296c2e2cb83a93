// identity/kinit on this machine with its real kinit, against a krb5.conf whose only KDC is a closed port.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kinitCheck } from '../../../checks/identity/kinit.js';
import type { HostSpec } from '../../../src/core/host.js';
import { Secret } from '../../../src/core/redact.js';
import { parseKrb5Conf } from '../../../src/kerberos/krb5-conf.js';
import { LocalTransport } from '../../../src/transport/local.js';
import type { ExecOptions, Transport } from '../../../src/transport/types.js';
import { makeContext } from '../../helpers/context.js';
import { closedPort } from '../../helpers/tcp.js';
import { KRB5_CONF_FACT } from '../../../src/facts/krb5-conf.js';
import { seed } from '../../facts/seed.js';

function hasKinit(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v kinit'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// This machine, with kinit reading the given krb5.conf instead of /etc/krb5.conf.
function withKrb5Config(file: string): Transport {
  const inner = new LocalTransport('kdchost');
  return Object.assign(Object.create(inner) as Transport, {
    exec: (argv: readonly string[], options: ExecOptions = {}) =>
      inner.exec(argv, { ...options, env: { ...options.env, KRB5_CONFIG: file } }),
  });
}

const PASSWORD = 'Kinit-Test-Pw-4711';

// A host reached over SSH runs its own kinit binary; on the local host the check would use the kerberos addon
// instead (tested below), so these tests declare the host remote while the transport runs kinit here.
const REMOTE_HOST = { transport: { kind: 'ssh', ssh: {} } } as unknown as Partial<HostSpec>;

function site(login: string, password = PASSWORD) {
  return { testUser: { login, address: 'x@example.com', password: new Secret(password, 'test') } };
}

describe.skipIf(!hasKinit())("identity/kinit with this machine's kinit", () => {
  let dir: string;
  let confText: string;
  let transport: Transport;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'oxd-kinit-'));
    const port = await closedPort();
    confText = `[libdefaults]\n default_realm = TEST.REALM\n dns_lookup_kdc = false\n[realms]\n TEST.REALM = {\n  kdc = 127.0.0.1:${port}\n }\n`;
    writeFileSync(path.join(dir, 'krb5.conf'), confText);
    transport = withKrb5Config(path.join(dir, 'krb5.conf'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (login: string, password?: string) =>
    makeContext({
      transport,
      host: REMOTE_HOST,
      site: site(login, password),
      facts: seed(KRB5_CONF_FACT, parseKrb5Conf(confText)),
    });

  it('is CRIT naming the unreachable KDC from krb5.conf and the realm, with the clock offset as a metric', async () => {
    const ctx = run('test1001');
    const outcome = await kinitCheck.run(ctx);
    expect(outcome.status).toBe('crit');
    // catches: no KDC of krb5.conf answers: cannot contact any KDC
    expect(outcome.summary).toMatch(/cannot contact any KDC \(127\.0\.0\.1:\d+\)/);
    expect(outcome.summary).toContain("Cannot contact any KDC for realm 'TEST.REALM'");
    expect(outcome.hint).toMatch(/port 88/);
    expect(Math.abs(outcome.metrics?.find((m) => m.label === 'offset')?.value ?? 99)).toBeLessThan(1);
    expect(ctx.evidence.find((e) => e.label === 'realm and KDCs')?.text).toMatch(
      /principal test1001@TEST\.REALM\nrealm TEST\.REALM\nKDCs 127\.0\.0\.1:\d+/,
    );
  });

  it('puts the password on stdin only: no evidence carries it', async () => {
    const ctx = run('test1001');
    await kinitCheck.run(ctx);
    const kinit = ctx.evidence.find((e) => e.label.includes('kinit'));
    expect(kinit?.label).toMatch(/kinit -- test1001@TEST\.REALM/);
    expect(JSON.stringify(ctx.evidence)).not.toContain(PASSWORD);
  });

  it('hands a hostile login to kinit as one argv element: no shell runs it', async () => {
    const marker = path.join(dir, 'injected');
    const login = `*)(uid=*;touch ${marker};'$(touch ${marker})ü`;
    const ctx = run(login);
    const outcome = await kinitCheck.run(ctx);
    expect(outcome.status).toBe('crit');
    expect(existsSync(marker)).toBe(false);
    expect(ctx.evidence.find((e) => e.label === 'realm and KDCs')?.text).toContain(`principal ${login}@TEST.REALM`);
  });

  it('treats a login starting with a dash as a principal, not as a kinit option', async () => {
    const ctx = run('-V');
    const outcome = await kinitCheck.run(ctx);
    expect(outcome.summary).toMatch(/cannot contact any KDC/);
    const kinit = ctx.evidence.find((e) => e.label.includes('kinit'));
    expect(kinit?.label).toContain('kinit -- -V@TEST.REALM');
    expect(kinit?.text).not.toMatch(/Using principal/); // what -V (verbose) would have printed
  });
});

describe('identity/kinit on the host oxdoctor runs on: the kerberos addon in-process', () => {
  let dir: string;
  let before: string | undefined;
  let conf: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'oxd-kinit-addon-'));
    const port = await closedPort();
    conf = `[libdefaults]\n default_realm = TEST.REALM\n dns_lookup_kdc = false\n[realms]\n TEST.REALM = {\n  kdc = 127.0.0.1:${port}\n }\n`;
    writeFileSync(path.join(dir, 'krb5.conf'), conf);
    // libkrb5 reads KRB5_CONFIG from the process environment, as a local kinit would.
    before = process.env.KRB5_CONFIG;
    process.env.KRB5_CONFIG = path.join(dir, 'krb5.conf');
  });
  afterAll(() => {
    if (before === undefined) delete process.env.KRB5_CONFIG;
    else process.env.KRB5_CONFIG = before;
    rmSync(dir, { recursive: true, force: true });
  });

  it("classifies the unreachable KDC from the addon's MIT text, runs no kinit, and keeps the password out of evidence", async () => {
    const ctx = makeContext({ site: site('test1001'), facts: seed(KRB5_CONF_FACT, parseKrb5Conf(conf)) });
    const outcome = await kinitCheck.run(ctx);
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toMatch(/cannot contact any KDC/);
    expect(outcome.summary).toContain('("libkrb5: Cannot contact any KDC for requested realm');
    expect(ctx.evidence.some((e) => e.label.startsWith('kerberos addon: checkPassword(test1001@TEST.REALM)'))).toBe(
      true,
    );
    expect(ctx.evidence.some((e) => e.label.includes('$ kinit'))).toBe(false);
    expect(JSON.stringify(ctx.evidence)).not.toContain(PASSWORD);
  });
});

describe('identity/kinit refuses what it cannot pass safely', () => {
  it('is UNKNOWN without a test user', async () => {
    const outcome = await kinitCheck.run(makeContext());
    expect(outcome.status).toBe('unknown');
    expect(outcome.summary).toBe('not configured: testUser (the test user to get a ticket for)');
  });

  it('refuses a login with CR or LF before running anything', async () => {
    const ctx = makeContext({ site: site('test1001\r\nkinit evil') });
    const outcome = await kinitCheck.run(ctx);
    expect(outcome.status).toBe('unknown');
    expect(outcome.summary).toMatch(/contains CR, LF or NUL/);
    expect(ctx.evidence).toEqual([]);
  });

  it('refuses a password with a newline, which an expired account would take as the new password', async () => {
    const ctx = makeContext({ site: site('test1001', 'first\nsecond-pw') });
    const outcome = await kinitCheck.run(ctx);
    expect(outcome.status).toBe('unknown');
    expect(outcome.summary).toMatch(/single line/);
    expect(ctx.evidence).toEqual([]);
  });
});
