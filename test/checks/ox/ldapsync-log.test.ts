// ox/ldapsync-log against a host file tree: /var/log/oxldapsync.log in the stand-in's line format
// (test/lab/standin/oxldapsync.pl: "YYYY-MM-DD HH:MM:SS oxldapsync[PID]: CONF: LEVEL: text", host local time)
// and the host's real `date` for its clock.
import { symlinkSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ldapsyncLogCheck, SYNC_LOG } from '../../../checks/ox/ldapsync-log.js';
import { makeContext } from '../../helpers/context.js';
import { fixtureTree, type FixtureTree } from '../../facts/fixture-hosts.js';
import { RootedTransport } from '../../facts/rooted-transport.js';

const trees: FixtureTree[] = [];
afterEach(() => {
  for (const t of trees.splice(0)) t.remove();
});

// A stamp as oxldapsync.pl writes it (strftime of localtime), `hoursAgo` before now.
function stamp(hoursAgo: number): string {
  const at = new Date(Date.now() - hoursAgo * 3_600_000);
  const local = new Date(at.getTime() - at.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 19).replace('T', ' ');
}

const line = (hoursAgo: number, pid: number, conf: string, level: string, text: string): string =>
  `${stamp(hoursAgo)} oxldapsync[${pid}]: ${conf}: ${level}: ${text}`;

// One complete run of a conf, as the stand-in logs it.
function run(hoursAgo: number, pid: number, conf: string, entries = 212): string[] {
  return [
    line(hoursAgo, pid, conf, 'INFO', `start sync of context 1 with /opt/oxldapsync/etc/${conf} (ldaptype=ads)`),
    line(hoursAgo - 0.01, pid, conf, 'INFO', `finished: ${entries} entries from LDAP, 0 created, 3 updated, 0 deleted`),
  ];
}

// A host with the given log (none when undefined) and the real `date` on its PATH.
function host(log: readonly string[] | undefined) {
  const tree = fixtureTree(log ? { [SYNC_LOG]: log.join('\n') + '\n' } : {});
  trees.push(tree);
  symlinkSync('/bin/date', `${tree.root}/bin/date`);
  return makeContext({ transport: new RootedTransport(tree.root, 'serverb') });
}

describe('ox/ldapsync-log', () => {
  it('is OK when the last run of each conf finished recently without error', async () => {
    const log = [
      ...run(26.5, 100, 'ldapsync-ads.conf'),
      ...run(2.5, 200, 'ldapsync-ads.conf', 230),
      ...run(2.4, 201, 'ldapsync-infostore-ads.conf', 17),
    ];
    const outcome = await ldapsyncLogCheck.run(host(log));
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toMatch(
      /^last oxldapsync runs finished without error: ldapsync-ads\.conf 2\.\d h ago, 230 entries; /,
    );
    expect(outcome.summary).toMatch(/ldapsync-infostore-ads\.conf 2\.\d h ago, 17 entries$/);
    expect(outcome.metrics?.map((m) => m.label)).toEqual(['age_ldapsync-ads.conf', 'age_ldapsync-infostore-ads.conf']);
  });

  it('warns after one missed nightly run and is CRIT after two', async () => {
    const one = await ldapsyncLogCheck.run(host(run(30, 100, 'ldapsync-ads.conf')));
    // catches: one nightly sync missed (last run over 26 h ago)
    expect(one.status).toBe('warn');
    expect(one.summary).toMatch(/the last ldapsync-ads\.conf sync was 30\.0 h ago \(limit 26 h warn, 50 h crit\)/);
    expect(one.hint).toContain('oxsync line in /etc/cron.d/ox');
    const two = await ldapsyncLogCheck.run(host(run(75, 100, 'ldapsync-ads.conf')));
    // catches: two nightly syncs missed (last run over 50 h ago)
    expect(two.status).toBe('crit');
    expect(two.summary).toContain('75.0 h ago');
  });

  it('warns when the last run started over an hour ago and never logged "finished"', async () => {
    const log = [
      ...run(25, 100, 'ldapsync-ads.conf'),
      line(3, 300, 'ldapsync-ads.conf', 'INFO', 'start sync of context 1'),
    ];
    const outcome = await ldapsyncLogCheck.run(host(log));
    expect(outcome.status).toBe('warn');
    // catches: last run started over an hour ago and never logged "finished" (died or hangs)
    expect(outcome.summary).toMatch(/the last ldapsync-ads\.conf sync started 3\.0 h ago and never logged "finished"/);
    expect(outcome.hint).toMatch(/oxldapsync\.pl process/);
  });

  it('is OK for a run that started minutes ago and is still running', async () => {
    const outcome = await ldapsyncLogCheck.run(
      host([line(0.1, 300, 'ldapsync-ads.conf', 'INFO', 'start sync of context 1')]),
    );
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toMatch(/ldapsync-ads\.conf 6 min ago, still running$/);
  });

  it('is CRIT naming the error the last run logged, and the size limit when AD capped the search', async () => {
    const authFailed = [
      line(1, 400, 'ldapsync-ads.conf', 'INFO', 'start sync of context 1'),
      line(1, 400, 'ldapsync-ads.conf', 'ERROR', 'Server response: Authentication failed'),
    ];
    const failed = await ldapsyncLogCheck.run(host(authFailed));
    // catches: last run logged an ERROR (e.g. the OX admin login failed)
    expect(failed.status).toBe('crit');
    expect(failed.summary).toMatch(
      /the last ldapsync-ads\.conf sync \(1\.0 h ago\) logged ERROR: Server response: Authentication failed$/,
    );
    expect(failed.hint).toContain('fix the cause named in /var/log/oxldapsync.log');

    const capped = [
      line(1, 500, 'ldapsync-ads.conf', 'INFO', 'start sync of context 1 (ldaptype=ad)'),
      line(1, 500, 'ldapsync-ads.conf', 'ERROR', 'LDAP search returned: Size limit exceeded (4) after 1000 entries'),
      line(1, 500, 'ldapsync-ads.conf', 'WARN', 'finished: 1000 entries from LDAP, 0 created, 0 updated, 0 deleted'),
    ];
    const outcome = await ldapsyncLogCheck.run(host(capped));
    expect(outcome.status).toBe('crit');
    // catches: AD's 1000-entry size limit hit ("Size limit exceeded" logged)
    expect(outcome.summary).toContain("the sync stops at AD's 1000-entry size limit");
    expect(outcome.hint).toBe(
      'set ldaptype = ads (paged search) in /opt/oxldapsync/etc/ldapsync-ads.conf, then run oxsync',
    );
  });

  it('judges only the last run of a conf: an error in an earlier run no longer counts', async () => {
    const log = [
      line(25, 100, 'ldapsync-ads.conf', 'ERROR', 'Server response: Cannot get connection to config DB.'),
      ...run(1, 200, 'ldapsync-ads.conf'),
    ];
    expect((await ldapsyncLogCheck.run(host(log))).status).toBe('ok');
  });

  it('is CRIT when the log does not exist, and when it holds no run', async () => {
    const none = await ldapsyncLogCheck.run(host(undefined));
    // catches: no oxldapsync log at all: the sync never ran on this host
    expect(none.status).toBe('crit');
    expect(none.summary).toBe('/var/log/oxldapsync.log does not exist on testhost: oxldapsync has never run here');
    const empty = await ldapsyncLogCheck.run(host(['ldap_bind: Invalid credentials (49)']));
    // catches: the log holds no oxldapsync run
    expect(empty.status).toBe('crit');
    expect(empty.summary).toBe('/var/log/oxldapsync.log on testhost holds no oxldapsync run');
  });

  it('masks an admin password the log quotes (-P) in its evidence', async () => {
    const ctx = host([
      ...run(1, 200, 'ldapsync-ads.conf'),
      line(1, 200, 'ldapsync-ads.conf', 'INFO', 'run by oxsync as oxldapsync.pl -A oxadmin -P Secret-Log-Pw-77 -c 1'),
    ]);
    await ldapsyncLogCheck.run(ctx);
    expect(JSON.stringify(ctx.evidence)).toContain('read /var/log/oxldapsync.log (last lines)');
    expect(JSON.stringify(ctx.evidence)).not.toContain('Secret-Log-Pw-77');
  });
});
