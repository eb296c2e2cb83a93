// user/ox's sentences where the decision is in the data (the lab's confs, its sync log): two confs covering one
// user, a user the non-paging sync no longer sees though OX still holds it, a run whose error names the user.
import { describe, expect, it } from 'vitest';
import type { ConfCoverage } from '../../../src/user/ox/coverage.js';
import { lastRunsFor } from '../../../src/user/ox/sync-runs.js';
import { coverageStep, missingStep, syncStep, uncoveredStep } from '../../../src/user/ox/verdicts.js';
import { labSetup, SYNC_LOG_TRUNCATED } from './samples.js';

const where = { host: 'servera', login: 'ox1175', context: 1 };
const values = { name: 'ox1175', mail: 'ox1175@oxmail.example.com', imapLogin: 'ox1175', aliases: [] };
const covered = (kind: 'full' | 'infostore', over: Partial<ConfCoverage> = {}): ConfCoverage => ({
  setup: labSetup(kind),
  base: 'DC=example,DC=com',
  inBase: true,
  matches: true,
  values,
  ...over,
});
const log = (text: string, names = ['ox1175']) => ({
  runs: lastRunsFor(text, names),
  hostNow: Date.parse('2026-12-07T05:00:00Z'),
  offsetMinutes: 0,
});

describe('user/ox verdicts', () => {
  it('both confs matching one user is CRIT: each run flips its module access', () => {
    const s = coverageStep(where, [covered('full'), covered('infostore')]);
    expect(s.status).toBe('crit');
    expect(s.summary).toBe(
      "servera: the userfilters of ldapsync-ads.conf (as a full OX user) and ldapsync-infostore-ads.conf (as an infostore-only user) both match ox1175: each run gives it the other's module access",
    );
  });

  it('a user in OX that the non-paging sync no longer returns is CRIT: the next run deletes it', () => {
    const c = covered('full', { unpaged: { returned: 1000, seen: false } });
    const s = syncStep(
      where,
      { ...c, setup: { ...c.setup, conf: new Map([...c.setup.conf, ['ldaptype', 'openldap']]) } },
      log(SYNC_LOG_TRUNCATED),
    );
    expect(s.status).toBe('crit');
    expect(s.summary).toBe(
      "servera: ldapsync-ads.conf does not page (ldaptype = openldap) and AD's size limit cuts its search at 1000 entries without ox1175: the sync no longer sees it and deletes it from OX on its next run",
    );
  });

  it("warns when the covering conf's last run logged an error naming the user", () => {
    const line =
      '2026-12-07 04:59:01 oxldapsync[4711]: ldapsync-ads.conf: ERROR: changeuser ox1175 failed: Server response: Primary mail address "ox1175@oxmail.example.com" already exists in context 1';
    const s = syncStep(where, covered('full'), log(`${SYNC_LOG_TRUNCATED}${line}\n`));
    expect(s.status).toBe('warn');
    expect(s.summary).toBe(
      `servera: the last ldapsync-ads.conf run (under a minute ago) logged an error for ox1175: ${line}`,
    );
  });

  it('a covered user missing from OX after an erroring run names the error', () => {
    const s = missingStep(where, covered('full'), log(SYNC_LOG_TRUNCATED));
    expect(s.status).toBe('crit');
    expect(s.summary).toMatch(
      /^servera: ox1175 is missing from OX context 1 though ldapsync-ads\.conf covers it in AD; the last ldapsync-ads\.conf run \(3 min ago\) logged ERROR: LDAP search returned: Size limit exceeded/,
    );
  });

  it("a covered user missing after a clean run: OX's log tells a deletion from a removal outside its admin tools", () => {
    const clean = SYNC_LOG_TRUNCATED.split('\n').slice(0, 4).join('\n');
    const created = { at: Date.parse('2026-12-07T04:50:00Z'), action: 'created' as const, id: '3537', line: '' };
    const deleted = { ...created, at: Date.parse('2026-12-07T04:58:00Z'), action: 'deleted' as const };
    expect(missingStep(where, covered('full'), log(clean), [created]).summary).toBe(
      "servera: ox1175 is missing from OX context 1 though ldapsync-ads.conf covers it in AD; the last ldapsync-ads.conf run (4 min ago) finished without error; OX's log has user 3537 created 10 min ago and no deletion since: it was removed outside OX's admin tools (configdb, a restore), and the next sync creates it again",
    );
    expect(missingStep(where, covered('full'), log(clean), [created, deleted]).summary).toMatch(
      /; OX's log has user 3537 deleted 2 min ago \(deleteuser or a sync that did not see it\)$/,
    );
    expect(missingStep(where, covered('full'), log(clean), []).summary).toMatch(
      /finished without error: the user was removed from OX since, or came to AD after that run$/,
    );
  });

  it('a covered user missing where the host has no sync log says the sync has not run', () => {
    const s = missingStep(where, covered('full'), null);
    expect(s.summary).toBe(
      'servera: ox1175 is missing from OX context 1 though ldapsync-ads.conf covers it in AD, and /var/log/oxldapsync.log does not exist: the sync has not run here',
    );
  });

  it('an uncovered user in OX is CRIT with deleteusers = yes, and OK when OX does not hold it', () => {
    const none = [
      covered('full', { matches: false, values: undefined }),
      covered('infostore', { inBase: false, matches: false, values: undefined }),
    ];
    expect(uncoveredStep(where, none, true)).toMatchObject({
      status: 'crit',
      summary:
        'servera: OX context 1 holds ox1175 but no sync conf covers it in AD (ldapsync-ads.conf: userfilter does not match; ldapsync-infostore-ads.conf: not under DC=example,DC=com): with deleteusers = yes the next sync deletes it',
    });
    expect(uncoveredStep(where, none, false).status).toBe('ok');
  });
});
