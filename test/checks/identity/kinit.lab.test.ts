// identity/kinit against the lab's MIT KDC, from the groupware hosts over SSH: healthy, each failure class
// (faults kdc-down and expired-password, a wrong password, an unknown and a disabled principal, clock skew)
// and hostile logins, asserting what the KDC received.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { kinitCheck } from '../../../checks/identity/kinit.js';
import { loadConfig } from '../../../src/config/index.js';
import type { SiteConfig } from '../../../src/config/types.js';
import type { HostSpec } from '../../../src/core/host.js';
import { Secret } from '../../../src/core/redact.js';
import type { Result } from '../../../src/core/result.js';
import { parseKrb5Conf } from '../../../src/kerberos/krb5-conf.js';
import { plan } from '../../../src/runner/plan.js';
import { Runner } from '../../../src/runner/runner.js';
import { TransportPool } from '../../../src/transport/index.js';
import { LocalTransport } from '../../../src/transport/local.js';
import type { ExecOptions, Transport } from '../../../src/transport/types.js';
import { makeContext } from '../../helpers/context.js';
import { breakFault, healFault, labExec, labPaths } from '../../lab/lab.js';

const CONFIG = fileURLToPath(new URL('../../lab/oxdoctor.yaml', import.meta.url));
const FAKETIME_LIB = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';
const PRINCIPAL = /test1001@AD\.EXAMPLE\.COM/;

let site: SiteConfig;
let secrets: string;

beforeAll(async () => {
  site = await loadConfig({ explicitPath: CONFIG });
  secrets = (await labPaths()).secrets;
}, 120_000);

function asUser(login: string, password: string): SiteConfig {
  return { ...site, testUser: { login, address: `${login}@example.com`, password: new Secret(password, 'test') } };
}

function labPassword(user: string): string {
  return readFileSync(path.join(secrets, `${user}.pw`), 'utf8').trim();
}

// identity/kinit on every groupware host, through fresh SSH connections as an oxdoctor run opens them.
async function sweep(config: SiteConfig = site): Promise<Result[]> {
  const pool = new TransportPool();
  try {
    const runner = new Runner({ site: config, transportFor: (h) => pool.get(h) });
    return [...(await runner.sweep(plan([kinitCheck], config.hosts))).results];
  } finally {
    await pool.closeAll();
  }
}

function describeAll(results: readonly Result[]): string {
  return results.map((r) => `${r.host}: ${r.status} ${r.summary}`).join('\n');
}

function expectAll(results: readonly Result[], status: string, summary: RegExp): void {
  expect(results.map((r) => r.host).sort(), describeAll(results)).toEqual(['servera', 'servera2', 'serverb']);
  for (const r of results) {
    expect(r.status, describeAll(results)).toBe(status);
    expect(r.summary, describeAll(results)).toMatch(summary);
  }
}

describe('identity/kinit on the lab', () => {
  it('gets a ticket for test1001 on both groupware hosts, naming the KDC and the clock offset, never the password', async () => {
    const results = await sweep();
    expectAll(
      results,
      'ok',
      /^test1001@AD\.EXAMPLE\.COM got a ticket from 127\.0\.10\.10:88 in \d+ ms; (servera|servera2|serverb) is [\d.]+ s (ahead of|behind) oxdoctor's clock$/,
    );
    const password = labPassword('test1001');
    for (const r of results) {
      expect(r.evidence.find((e) => e.label === 'realm and KDCs')?.text).toContain(
        'realm AD.EXAMPLE.COM\nKDCs 127.0.10.10:88',
      );
      expect(r.metrics.map((m) => m.label)).toEqual(['kinit_time', 'offset']);
      expect(JSON.stringify(r)).not.toContain(password);
    }
  });

  it('kdc-down: CRIT, "cannot contact any KDC" naming the KDC, and OK again after heal', async () => {
    await breakFault('kdc-down');
    let broken: Result[];
    try {
      broken = await sweep();
    } finally {
      await healFault('kdc-down');
    }
    // catches: no KDC of krb5.conf answers: cannot contact any KDC
    expectAll(broken, 'crit', /cannot contact any KDC \(127\.0\.10\.10:88\)/);
    expect(broken[0]?.hint).toMatch(/port 88/);
    expectAll(await sweep(), 'ok', /got a ticket/);
  });

  it('expired-password: CRIT, "the password has expired", and OK again after heal', async () => {
    await breakFault('expired-password');
    let broken: Result[];
    try {
      broken = await sweep();
    } finally {
      await healFault('expired-password');
    }
    // catches: the test user's password has expired
    expectAll(
      broken,
      'crit',
      /the password of test1001@AD\.EXAMPLE\.COM has expired \("Password expired\. {2}You must change it now\."\)/,
    );
    expect(broken[0]?.hint).toMatch(/change the password/);
    expectAll(await sweep(), 'ok', PRINCIPAL);
  });

  it('account-expired: CRIT, "the account has expired", and OK again after heal', async () => {
    await breakFault('account-expired');
    let broken: Result[];
    try {
      broken = await sweep();
    } finally {
      await healFault('account-expired');
    }
    // catches: the test user's account has expired (AD's accountExpires): the KDC says its entry has expired
    expectAll(
      broken,
      'crit',
      /the account test1001@AD\.EXAMPLE\.COM has expired .*\("kinit: Client's entry in database has expired while getting initial credentials"\)/,
    );
    expect(broken[0]?.hint).toMatch(/Set-ADAccountExpiration/);
    expectAll(await sweep(), 'ok', PRINCIPAL);
  });

  it('a wrong password: CRIT naming the wrong password', async () => {
    // catches: wrong password: the KDC refuses the pre-authentication
    expectAll(
      await sweep(asUser('test1001', 'not-the-password')),
      'crit',
      /wrong password for test1001@AD\.EXAMPLE\.COM/,
    );
  });

  it('an unknown principal: CRIT naming the unknown principal', async () => {
    // catches: unknown principal: the KDC has no such user
    expectAll(
      await sweep(asUser('nosuchuser4711', 'whatever')),
      'crit',
      /unknown principal nosuchuser4711@AD\.EXAMPLE\.COM/,
    );
  });

  it('a disabled account (test1090, -allow_tix): CRIT naming it disabled or locked', async () => {
    // catches: account disabled or locked: the KDC says its credentials are revoked
    expectAll(
      await sweep(asUser('test1090', labPassword('test1090'))),
      'crit',
      /test1090@AD\.EXAMPLE\.COM is disabled or locked/,
    );
  });

  it('hostile logins reach the KDC verbatim as one principal and run nothing on the host', async () => {
    const marker = '/tmp/oxdoctor-kinit-injected';
    const logins = [`*)(uid=*;touch ${marker}`, `$(touch ${marker})\`touch ${marker}\``, 'tëst-ünïcode', '-V'];
    for (const login of logins) {
      expectAll(await sweep(asUser(login, 'x')), 'crit', /unknown principal/);
    }
    const log = await labExec('ad', ['tail', '-n', '200', '/var/log/krb5kdc.log']);
    for (const login of logins)
      expect(log.stdout).toContain(
        `CLIENT_NOT_FOUND: ${login}@AD.EXAMPLE.COM for krbtgt/AD.EXAMPLE.COM@AD.EXAMPLE.COM`,
      );
    for (const host of ['servera', 'serverb'] as const) {
      expect((await labExec(host, ['test', '-e', marker])).code).toBe(1);
    }
  });
});

// The lab's clients keep kdc_timesync on (the MIT default), so a skewed host still gets tickets; with it off,
// the KDC's "Clock skew too great" must be named, with the offset.
describe.skipIf(!existsSync(FAKETIME_LIB))('identity/kinit with a skewed clock and kdc_timesync off', () => {
  it('is CRIT naming the clock skew and the offset', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'oxd-kinit-skew-'));
    try {
      const text =
        '[libdefaults]\n default_realm = AD.EXAMPLE.COM\n dns_lookup_kdc = false\n kdc_timesync = 0\n[realms]\n AD.EXAMPLE.COM = {\n  kdc = 127.0.10.10:88\n }\n';
      writeFileSync(path.join(dir, 'krb5.conf'), text);
      const inner = new LocalTransport('skewed');
      const transport = Object.assign(Object.create(inner) as Transport, {
        exec: (argv: readonly string[], options: ExecOptions = {}) =>
          inner.exec(argv, {
            ...options,
            env: {
              ...options.env,
              KRB5_CONFIG: path.join(dir, 'krb5.conf'),
              LD_PRELOAD: FAKETIME_LIB,
              FAKETIME: '+900s',
              DONT_FAKE_MONOTONIC: '1',
            },
          }),
      });
      // Declared remote: the host's own kinit runs (under faketime), not oxdoctor's in-process addon.
      const host = { transport: { kind: 'ssh', ssh: {} } } as unknown as Partial<HostSpec>;
      const ctx = makeContext({
        transport,
        host,
        site: asUser('test1001', labPassword('test1001')),
        facts: { 'krb5.conf': parseKrb5Conf(text) },
      });
      const outcome = await kinitCheck.run(ctx);
      expect(outcome.status).toBe('crit');
      // catches: the host's clock and the KDC's differ past 300 s: clock skew too great
      expect(outcome.summary).toMatch(
        /\(clock skew too great\) \("kinit: Clock skew too great while getting initial credentials"\); testhost is [\d.]+ s ahead of oxdoctor's clock/,
      );
      // faketime's +900 s is measured across a process start, so the offset lands a few ms either side of 900.
      const offset = Number(/testhost is ([\d.]+) s ahead/.exec(outcome.summary)?.[1]);
      expect(Math.abs(offset - 900)).toBeLessThan(30);
      expect(outcome.hint).toMatch(/NTP/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// oxdoctor running on a groupware host itself (local transport) uses the kerberos addon against the same KDC.
describe('identity/kinit in-process (kerberos addon) against the lab KDC', () => {
  let before: string | undefined;
  beforeAll(async () => {
    before = process.env.KRB5_CONFIG;
    process.env.KRB5_CONFIG = path.join((await labPaths()).state, 'hosts', 'servera', 'etc', 'krb5.conf');
  });
  const restore = () => {
    if (before === undefined) delete process.env.KRB5_CONFIG;
    else process.env.KRB5_CONFIG = before;
  };

  it('gets a ticket with the right password and names the wrong password, unknown principal and expired password', async () => {
    try {
      const run = async (login: string, password: string) => {
        const ctx = makeContext({
          site: asUser(login, password),
          facts: { 'krb5.conf': parseKrb5Conf(readFileSync(process.env.KRB5_CONFIG!, 'utf8')) },
        });
        return { outcome: await kinitCheck.run(ctx), ctx };
      };
      const good = await run('test1001', labPassword('test1001'));
      expect(good.outcome.status, good.outcome.summary).toBe('ok');
      expect(
        good.ctx.evidence.some((e) => e.label.startsWith('kerberos addon: checkPassword(test1001@AD.EXAMPLE.COM)')),
      ).toBe(true);
      expect(JSON.stringify(good.ctx.evidence)).not.toContain(labPassword('test1001'));
      expect((await run('test1001', 'not-the-password')).outcome.summary).toMatch(
        /wrong password for test1001@AD\.EXAMPLE\.COM/,
      );
      expect((await run('nosuchuser', 'x')).outcome.summary).toMatch(/unknown principal nosuchuser@AD\.EXAMPLE\.COM/);
      expect((await run('test1091', labPassword('test1091'))).outcome.summary).toMatch(
        /the password of test1091@AD\.EXAMPLE\.COM has expired/,
      );
    } finally {
      restore();
    }
  });
});
