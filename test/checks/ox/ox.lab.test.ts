// The ox/* checks against the lab's groupware hosts (servera, serverb): OK when healthy, CRIT naming the cause
// under each fault, OK again after heal. Real sshd, slapd, stand-in listuser/oxldapsync; the lab's own config.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ldapsyncLogCheck } from '../../../checks/ox/ldapsync-log.js';
import { listuserCheck } from '../../../checks/ox/listuser/index.js';
import { syncCoverageCheck } from '../../../checks/ox/sync-coverage.js';
import { loadConfig } from '../../../src/config/index.js';
import type { SiteConfig } from '../../../src/config/types.js';
import type { Check } from '../../../src/core/check.js';
import type { Result } from '../../../src/core/result.js';
import { plan } from '../../../src/runner/plan.js';
import { Runner } from '../../../src/runner/runner.js';
import { TransportPool } from '../../../src/transport/index.js';
import { breakFault, healFault, labExec, labPaths } from '../../lab/lab.js';

const CONFIG = fileURLToPath(new URL('../../lab/oxdoctor.yaml', import.meta.url));
const OX_CHECKS = [listuserCheck, syncCoverageCheck, ldapsyncLogCheck];

let site: SiteConfig;
let secrets: string[] = [];

beforeAll(async () => {
  site = await loadConfig({ explicitPath: CONFIG });
  const dir = (await labPaths()).secrets;
  secrets = await Promise.all(
    ['ox-admin.pw', 'ldap-bind.pw', 'test1001.pw'].map(async (f) => (await readFile(`${dir}/${f}`, 'utf8')).trim()),
  );
}, 60_000);

async function sweep(checks: readonly Check[], config: SiteConfig = site): Promise<Result[]> {
  const pool = new TransportPool();
  try {
    const runner = new Runner({ site: config, transportFor: (h) => pool.get(h) });
    return [...(await runner.sweep(plan(checks, config.hosts))).results];
  } finally {
    await pool.closeAll();
  }
}

const on = (results: Result[], check: string, host: string): Result => {
  const r = results.find((x) => x.check === check && x.host === host);
  if (!r) throw new Error(`no result for ${check} on ${host}`);
  return r;
};
const lines = (results: Result[]) => results.map((r) => `${r.check}@${r.host} ${r.status}: ${r.summary}`).join('\n');

async function under<T>(fault: string, fn: () => Promise<T>): Promise<T> {
  await breakFault(fault);
  try {
    return await fn();
  } finally {
    await healFault(fault);
  }
}

describe('ox checks on the lab', () => {
  it('are OK on both groupware hosts of the healthy lab, and no password reaches argv or evidence', async () => {
    const results = await sweep(OX_CHECKS);
    expect(results.length, lines(results)).toBe(9); // relay has none; servera, servera2 (standby), serverb
    expect(results.filter((r) => r.status !== 'ok').map((r) => `${r.check}@${r.host}: ${r.summary}`)).toEqual([]);
    expect(on(results, 'ox/listuser', 'servera').summary).toMatch(
      /test user test1001 is in OX context 1 as a full user with test1001@oxmail\.example\.com, IMAP test1001@127\.0\.10\.2, SMTP 127\.0\.10\.2/,
    );
    expect(on(results, 'ox/listuser', 'serverb').summary).toMatch(/IMAP test1001@127\.0\.10\.4/);
    expect(on(results, 'ox/sync-coverage', 'servera').summary).toMatch(
      /ldapsync-ads\.conf: 1202 of 1202 AD users in OX; ldapsync-infostore-ads\.conf: 100 of 100/,
    );
    const evidence = JSON.stringify(results.map((r) => r.evidence));
    expect(evidence).toContain('/opt/open-xchange/sbin/listuser -c 1 -A oxadmin -s test1001 --csv');
    expect(evidence).not.toMatch(/ -P /);
    for (const s of secrets) expect(evidence).not.toContain(s);
  });

  it('user-missing-from-ox: ox/listuser is CRIT on servera saying the test user is missing while AD has it, OK after heal', async () => {
    const broken = await under('user-missing-from-ox', () => sweep([listuserCheck]));
    const a = on(broken, 'ox/listuser', 'servera');
    expect(a.status, lines(broken)).toBe('crit');
    expect(a.summary).toMatch(
      /test user test1001 is missing from OX context 1 on servera; AD has it \(.*matched by ldapsync-ads\.conf\)/,
    );
    expect(on(broken, 'ox/listuser', 'serverb').status).toBe('ok');
    const healed = await sweep([listuserCheck]);
    expect(healed.filter((r) => r.status !== 'ok').map((r) => r.summary)).toEqual([]);
  });

  it('sync-truncated: ox/sync-coverage and ox/ldapsync-log are CRIT on servera naming the 1000-entry limit, OK after heal', async () => {
    const broken = await under('sync-truncated', () => sweep([syncCoverageCheck, ldapsyncLogCheck]));
    const coverage = on(broken, 'ox/sync-coverage', 'servera');
    expect(coverage.status, lines(broken)).toBe('crit');
    expect(coverage.summary).toMatch(
      /OX has 1000 of the 1202 AD users ldapsync-ads\.conf matches: the sync stops at AD's 1000-entry size limit \(ldaptype = openldap does not page\); missing \S+/,
    );
    const log = on(broken, 'ox/ldapsync-log', 'servera');
    expect(log.status).toBe('crit');
    expect(log.summary).toMatch(
      /ldapsync-ads\.conf sync .* logged ERROR: .*Size limit exceeded.*1000-entry size limit/,
    );
    expect(on(broken, 'ox/sync-coverage', 'serverb').status).toBe('ok');
    const healed = await sweep([syncCoverageCheck, ldapsyncLogCheck]);
    expect(healed.filter((r) => r.status !== 'ok').map((r) => r.summary)).toEqual([]);
  });

  it('configdb-down: ox/listuser is CRIT on servera and serverb with the storage error (exit 106), OK after heal', async () => {
    const broken = await under('configdb-down', () => sweep([listuserCheck]));
    for (const host of ['servera', 'serverb']) {
      const r = on(broken, 'ox/listuser', host);
      expect(r.status, lines(broken)).toBe('crit');
      expect(r.summary).toMatch(
        new RegExp(`listuser on ${host} failed: server storage error \\(exit 106\\): the configdb is unreachable`),
      );
    }
    const healed = await sweep([listuserCheck]);
    expect(healed.filter((r) => r.status !== 'ok').map((r) => r.summary)).toEqual([]);
  });

  it('hostile test user names inject nothing: no LDAP wildcard match, no shell command run, CR/LF refused', async () => {
    const marker = `/tmp/oxdoctor-injected-${process.pid}`;
    const servera = site.hosts.filter((h) => h.name === 'servera');
    const login = (name: string): SiteConfig => ({
      ...site,
      hosts: servera,
      testUser: { ...site.testUser!, login: name },
    });
    for (const name of ['*)(sAMAccountName=*', `x;touch ${marker}`, `$(touch ${marker})`, 'tëst1001', '*']) {
      const [r] = await sweep([listuserCheck], login(name));
      expect(r!.status, `${name}: ${r!.summary}`).toBe('crit');
      expect(r!.summary).toContain(
        `test user ${name} is missing from OX context 1 on servera; no sync filter matches it in AD either`,
      );
    }
    const wildcard = JSON.stringify((await sweep([listuserCheck], login('*)(sAMAccountName=*')))[0]!.evidence);
    expect(wildcard).toContain('(sAMAccountName=\\\\2a\\\\29\\\\28sAMAccountName=\\\\2a)');
    const seen = await labExec('servera', ['sh', '-c', `test -e ${marker} && echo present || echo absent`]);
    expect(seen.stdout.trim()).toBe('absent');
    const [crlf] = await sweep([listuserCheck], login('test1001\r\nuid=x'));
    expect(crlf!.status).toBe('crit');
    expect(crlf!.summary).toContain('contains CR, LF or NUL');
  });
});
