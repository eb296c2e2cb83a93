// Issue 13, "the on-a-server job": oxdoctor with no configuration, run on the healthy lab's server A, reads
// what the host's own files tell (roles, LDAP from postfix's maps, the OX context and admin from its OX job)
// and names what it cannot discover the same way in every check: UNKNOWN "not configured: KEY" with the
// hint to set KEY; nothing is CRIT or WARN on a healthy host for want of configuration (config/seed-drift names
// the lab's deliberate differences from the guide, which only the lab's config accepts).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../src/core/result.js';
import { labExec } from '../lab/lab.js';
import { buildCli, type Built } from './build.js';

let built: Built;
beforeAll(async () => {
  built = await buildCli();
}, 180_000);

describe('oxdoctor without a config file on the lab server A', () => {
  it('discovers the OX context and admin from the OX job, and shows it', async () => {
    const r = await labExec('servera', ['node', built.bin, 'config', 'show']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ox:\n {2}context: 1\n {2}admin: oxadmin$/m);
    expect(r.stdout).toMatch(/ox: context 1 and admin oxadmin from \/opt\/open-xchange\/sbin\/oxsync/);
  });

  it('is UNKNOWN, never CRIT, and every UNKNOWN names the config key to set', async () => {
    const r = await labExec('servera', ['node', built.bin, 'check', '--format', 'json']);
    const results = (JSON.parse(r.stdout) as { results: Result[] }).results;
    // config/seed-drift judges the host, not the config: without the lab's seedDeviations (test/lab/oxdoctor.yaml)
    // it names exactly the lab's deliberate differences on server A, and nothing else.
    const drift = results.filter((x) => x.check === 'config/seed-drift' && x.status !== 'ok');
    expect(drift.flatMap((d) => (d.steps ?? []).filter((s) => s.status !== 'ok').map((s) => s.name)).sort()).toEqual([
      'imapd.conf autocreate_post',
      'imapd.conf autocreate_sieve_script',
      'krb5.conf dns_lookup_kdc',
    ]);
    const problems = results.filter((x) => x.status !== 'ok' && x.check !== 'config/seed-drift');
    expect(problems.filter((x) => x.status === 'crit' || x.status === 'warn')).toEqual([]);
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) {
      const key = /^not configured: (\S+) \(/.exec(p.summary)?.[1];
      expect(key, `${p.check}: ${p.summary}`).toBeDefined();
      expect(p.hint).toContain(`set ${key} in the oxdoctor config`);
    }
    const sync = results.find((x) => x.check === 'ox/sync-coverage')!;
    expect(sync.summary).toMatch(/^not configured: ox\.adminPassword /);
    expect(r.code).toBe(2); // the seed drift's CRIT (createonpost) outranks the UNKNOWNs
  });
});
