// The last sync run of each conf as one user sees it: the lab's log during sync-truncated, and a run whose
// error names the user.
import { describe, expect, it } from 'vitest';
import { lastRunsFor } from '../../../src/user/ox/sync-runs.js';
import { SYNC_LOG_TRUNCATED } from './samples.js';

describe('lastRunsFor', () => {
  it('takes the last run of each conf: ldaptype, the size limit, the entries, the errors', () => {
    const runs = lastRunsFor(SYNC_LOG_TRUNCATED, ['ox1175']);
    expect([...runs.keys()]).toEqual(['ldapsync-ads.conf', 'ldapsync-infostore-ads.conf']);
    expect(runs.get('ldapsync-ads.conf')).toMatchObject({
      ldaptype: 'openldap',
      finished: true,
      entries: 1000,
      sizeLimitAfter: 1000,
      userLines: [],
      startedAt: Date.parse('2026-12-07T04:56:57Z'),
    });
    expect(runs.get('ldapsync-ads.conf')!.errors[0]).toMatch(/^LDAP search returned: Size limit exceeded/);
    expect(runs.get('ldapsync-infostore-ads.conf')).toMatchObject({ ldaptype: 'ads', entries: 100, errors: [] });
  });

  it("keeps the run's lines naming the user as a whole word, not a longer login", () => {
    const line = (login: string) =>
      `2026-12-07 05:10:01 oxldapsync[4711]: ldapsync-ads.conf: ERROR: changeuser ${login} failed: Server response: Primary mail address "${login}@oxmail.example.com" already exists in context 1`;
    const log = `${SYNC_LOG_TRUNCATED}2026-12-07 05:10:00 oxldapsync[4711]: ldapsync-ads.conf: INFO: start sync of context 1 with /opt/oxldapsync/etc/ldapsync-ads.conf (ldaptype=ads)
${line('ox11750')}
${line('ox1175')}
2026-12-07 05:10:02 oxldapsync[4711]: ldapsync-ads.conf: INFO: finished: 1202 entries from LDAP, 0 created, 1 updated, 0 deleted
`;
    const run = lastRunsFor(log, ['OX1175']).get('ldapsync-ads.conf')!;
    expect(run.userLines).toEqual([line('ox1175')]);
    expect(run.errors).toHaveLength(2);
    expect(run.sizeLimitAfter).toBeUndefined();
  });

  it('reads the host offset into epoch time', () => {
    const runs = lastRunsFor(SYNC_LOG_TRUNCATED, [], 60);
    expect(runs.get('ldapsync-ads.conf')!.lastAt).toBe(Date.parse('2026-12-07T03:56:57Z'));
  });
});
