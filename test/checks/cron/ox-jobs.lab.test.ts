// cron/ox-jobs on the lab: the hosts' real cron runs /etc/cron.d/ox; with setpostacl's line commented out
// (fault sent-items-no-post-acl) the archive server is CRIT naming the line, and OK again after heal.
import { beforeAll, describe, expect, it } from 'vitest';
import { oxJobsCheck } from '../../../checks/cron/ox-jobs.js';
import type { SiteConfig } from '../../../src/config/types.js';
import type { Result } from '../../../src/core/result.js';
import { breakFault, healFault } from '../../lab/lab.js';
import { labSite, runChecks, show } from '../mailbox/run.js';

let site: SiteConfig;
beforeAll(async () => {
  site = await labSite();
});

const on = (results: readonly Result[], host: string) => results.find((r) => r.host === host)!;

describe('cron/ox-jobs on the lab', () => {
  it('is OK on both groupware hosts, with copyjunkfilter seen running in the cron log', async () => {
    // Runs before the lab started, or before /etc/cron.d/ox last changed (a fault's heal rewrites it), do not
    // count, nor do due times of the last 90 s (src/cron/jobs.ts SETTLE_MS): wait, up to ~3 minutes, for a judged
    // run of the every-minute job.
    let results = await runChecks(site, [oxJobsCheck]);
    for (let i = 0; i < 34 && !results.every((r) => /copyjunkfilter ran \d+ min ago/.test(r.summary)); i++) {
      await new Promise((r) => setTimeout(r, 5000));
      results = await runChecks(site, [oxJobsCheck]);
    }
    expect(results.map((r) => r.host).sort(), show(results)).toEqual(['servera', 'serverb']);
    for (const r of results) {
      expect(r.status, show(results)).toBe('ok');
      expect(r.summary).toMatch(/copyjunkfilter ran \d+ min ago/);
      // setpostacl runs every 5 minutes: right after the lab started it may not have been due yet.
      expect(r.summary).toMatch(
        /setpostacl (ran \d+ min ago|not due since (cron started|the cron log begins|its line changed))/,
      );
    }
  }, 240_000);

  it("is CRIT on the archive server when setpostacl's line is commented out, naming the line and the consequence; OK after heal", async () => {
    await breakFault('sent-items-no-post-acl');
    let broken: Result[];
    try {
      broken = await runChecks(site, [oxJobsCheck]);
    } finally {
      await healFault('sent-items-no-post-acl');
    }
    const b = on(broken, 'serverb');
    expect(b.status, show(broken)).toBe('crit');
    expect(b.summary).toMatch(
      /setpostacl's cron line is commented out in \/etc\/cron\.d\/ox line 5 \(#\*\/5 \* \* \* \* root \/opt\/open-xchange\/sbin\/setpostacl/,
    );
    expect(b.summary).toContain('land in INBOX');
    expect(b.hint).toBe('remove the "#" in /etc/cron.d/ox line 5');
    // servera is no archive server: an optional job switched off is a warning there.
    expect(on(broken, 'servera').status).toBe('warn');

    const healed = await runChecks(site, [oxJobsCheck]);
    expect(
      healed.filter((r) => r.status !== 'ok'),
      show(healed),
    ).toEqual([]);
  });

  it("names servera's clock, 10 minutes ahead for commands over its sshd, instead of reporting missed runs", async () => {
    await breakFault('clock-skew');
    let skewed: Result[];
    try {
      skewed = await runChecks(site, [oxJobsCheck]);
    } finally {
      await healFault('clock-skew');
    }
    const a = on(skewed, 'servera');
    expect(a.status, show(skewed)).toBe('ok');
    expect(a.summary, show(skewed)).toMatch(
      /the host's clock is (9|10|11) min ahead of oxdoctor's \(see host\/clock\)/,
    );
  });
});
