// The bundle collector's pure parts: sizes, names, the README, what it takes from the site's config.
import { describe, expect, it } from 'vitest';
import { commandLine } from '../../src/bundle/collect/dry-run.js';
import { limiter } from '../../src/bundle/collect/host-context.js';
import {
  bundleRoot,
  commandFileName,
  defaultArchiveName,
  relativePath,
  siteSlug,
} from '../../src/bundle/collect/naming.js';
import { completeness, readmeText } from '../../src/bundle/collect/readme.js';
import { obfuscationInput, siteSecrets } from '../../src/bundle/collect/site-inputs.js';
import { formatSize, parseSize } from '../../src/bundle/collect/size.js';
import { ManifestBuilder } from '../../src/bundle/manifest.js';
import { Secret } from '../../src/core/redact.js';
import type { Result } from '../../src/core/result.js';
import type { SiteConfig } from '../../src/core/site.js';

describe('--max-size values', () => {
  it('reads binary units and plain bytes, and refuses the rest', () => {
    expect(parseSize('200M')).toBe(200 * 1024 * 1024);
    expect(parseSize('1G')).toBe(1024 ** 3);
    expect(parseSize('1.5k')).toBe(1536);
    expect(parseSize('10MiB')).toBe(10 * 1024 * 1024);
    expect(parseSize('4096')).toBe(4096);
    for (const bad of ['', '0', '-1M', 'M', '1X', '1 G B']) expect(parseSize(bad)).toBeUndefined();
  });

  it('prints sizes short', () => {
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(1536)).toBe('1.5K');
    expect(formatSize(200 * 1024 * 1024)).toBe('200M');
  });
});

describe('names', () => {
  it('names the archive after the site and the UTC time, and its top directory after the file', () => {
    const name = defaultArchiveName('oxdoctor lab', Date.UTC(2026, 11, 7, 6, 15, 30, 123));
    expect(name).toBe('oxdoctor-oxdoctor-lab-20261207T061530Z.tar.gz');
    expect(bundleRoot(name)).toBe('oxdoctor-oxdoctor-lab-20261207T061530Z');
    expect(bundleRoot('case 123.tgz')).toBe('case_123');
    expect(siteSlug('  ÜBER / Site  ')).toBe('ber-site');
    expect(siteSlug('***')).toBe('site');
  });

  it('keeps entry paths inside the bundle: no leading slash, no ..', () => {
    expect(relativePath('/etc/postfix/main.cf')).toBe('etc/postfix/main.cf');
    expect(relativePath('/etc/../../root/./x')).toBe('etc/root/x');
    expect(commandFileName('keytab-principals', '/etc/krb5.keytab')).toBe('keytab-principals-etc_krb5.keytab.txt');
    expect(commandFileName('postconf-n')).toBe('postconf-n.txt');
  });

  it('shows a command script on one line', () => {
    expect(commandLine('x', ['sh', '-c', 'a\n  b\tc'])).toBe('x: sh -c a b c');
    expect(commandLine('x', ['echo', 'y'.repeat(300)])).toHaveLength(160);
  });
});

function result(check: string, host: string, status: Result['status'], summary: string, hint?: string): Result {
  return {
    check,
    host,
    status,
    summary,
    ...(hint ? { hint } : {}),
    evidence: [],
    metrics: [],
    steps: [],
    startedAt: '2026-12-07T06:00:00Z',
    durationMs: 1,
    timedOut: false,
  };
}

describe('README.txt', () => {
  const base = {
    tool: 'oxdoctor 0.1.0',
    site: 'lab',
    created: '2026-12-07T06:00:00Z',
    window: 'since 2026-12-04T06:00:00Z',
    hosts: ['relay', 'serverb'],
    obfuscated: false,
  };

  it('names the problems found, the worst first, each with its fix; OK results left out', () => {
    const text = readmeText({
      ...base,
      results: [
        result('postfix/queue', 'relay', 'warn', 'deferred: 60 messages', 'postqueue -f'),
        result('ox/listuser', 'serverb', 'ok', 'fine'),
        result('mailbox/sent-acl', 'serverb', 'crit', 'Sent Items lack\n"anyone p"', 'run setpostacl'),
      ],
    });
    const problems = text.slice(text.indexOf('Problems found'));
    expect(problems).toBe(
      'Problems found by the sweep:\n' +
        '  CRITICAL serverb mailbox/sent-acl: Sent Items lack "anyone p"\n' +
        '      fix: run setpostacl\n' +
        '  WARNING relay postfix/queue: deferred: 60 messages\n' +
        '      fix: postqueue -f\n',
    );
    expect(text).toContain('hosts relay, serverb, logs since 2026-12-04T06:00:00Z');
  });

  it('says when every check was OK, when the sweep did not run, and when names were obfuscated', () => {
    expect(readmeText({ ...base, results: [result('a', 'relay', 'ok', 'fine')] })).toContain('none: all 1 checks OK');
    expect(readmeText({ ...base, sweepError: 'no check applies' })).toContain(
      '(the sweep did not run: no check applies)',
    );
    expect(readmeText({ ...base, obfuscated: true, results: [] })).toContain('(--obfuscate)');
  });

  it('sums the manifest up: complete, or partial with the hosts not collected', () => {
    const m = new ManifestBuilder({ tool: 't', site: 's' });
    m.start({ host: 'relay', component: 'postfix', kind: 'file', path: '/etc/postfix/main.cf' }).finish({ size: 1 });
    expect(completeness(m.build())).toBe('complete: 1 items');
    m.hostFailed('serverb', 'connect ECONNREFUSED');
    expect(completeness(m.build())).toBe(
      'partial: 1 of 2 items failed or were cut short, hosts not collected: serverb (see manifest.json)',
    );
  });
});

describe('what the bundle takes from the config', () => {
  const site = {
    source: 'x',
    site: 'lab',
    hosts: [
      { name: 'relay', roles: ['relay'], transport: { kind: 'ssh', ssh: { hostname: '127.0.10.1' } } },
      { name: 'serverb', roles: [], transport: { kind: 'ssh', ssh: { hostname: 'serverb.corp.example.net' } } },
    ],
    endpoints: {
      ldap: {
        url: 'ldap://x',
        bindDn: 'CN=svc-postfix,OU=Service Accounts,DC=example,DC=com',
        bindPassword: new Secret('Bind-Pw-Collect-1', 'test'),
        baseDn: 'DC=example,DC=com',
      },
      kerberos: { realm: 'AD.EXAMPLE.COM', kdc: [] },
    },
    ox: { context: 1, admin: 'oxadmin', adminPassword: new Secret('Ox-Pw-Collect-2', 'test') },
    imapAdmin: { login: 'cyrus', password: new Secret('Cyrus-Pw-Collect-3', 'test') },
    testUser: { login: 'test1001', address: 'anna@mail.example.org', password: new Secret('User-Pw-4', 'test') },
    thresholds: {},
  } as unknown as SiteConfig;

  it('finds every secret of the config, wherever it is', () => {
    expect(siteSecrets(site).sort()).toEqual([
      'Bind-Pw-Collect-1',
      'Cyrus-Pw-Collect-3',
      'Ox-Pw-Collect-2',
      'User-Pw-4',
    ]);
  });

  it('gives --obfuscate the hosts, their FQDNs, the AD and mail domains, the realm lower-cased and the logins', () => {
    const input = obfuscationInput(site, ['relay.example.com', 'bad name;rm']);
    expect([...(input.hostnames ?? [])]).toEqual(['relay', 'serverb', 'serverb.corp.example.net', 'relay.example.com']);
    expect([...(input.domains ?? [])]).toEqual(['example.com', 'ad.example.com', 'mail.example.org']);
    expect([...(input.users ?? [])]).toEqual(['svc-postfix', 'test1001', 'anna', 'oxadmin', 'cyrus']);
  });
});

describe("a host's slots", () => {
  it('runs at most n pieces of work at once, the rest in order, a failure freeing its slot', async () => {
    const limit = limiter(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const work = (i: number) =>
      limit(async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 5));
        order.push(i);
        running--;
        if (i === 1) throw new Error('one fails');
        return i;
      });
    const results = await Promise.allSettled([0, 1, 2, 3, 4, 5].map(work));
    expect(most).toBe(2);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', ...Array(4).fill('fulfilled')]);
    expect(order.slice(0, 2).sort()).toEqual([0, 1]);
    expect(order).toHaveLength(6);
  });
});
