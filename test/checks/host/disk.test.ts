import { describe, expect, it } from 'vitest';
import { diskCheck, parseDf } from '../../../checks/host/disk/index.js';
import { parseDfInodes } from '../../../checks/host/disk/inodes.js';
import { makeContext } from '../../helpers/context.js';

describe('host/disk', () => {
  it('reports the file systems of the standard paths that exist here, with free % metrics', async () => {
    const outcome = await diskCheck.run(makeContext());
    expect(['ok', 'warn', 'crit']).toContain(outcome.status);
    const pct = outcome.metrics?.filter((m) => m.unit === '%') ?? [];
    expect(pct.length).toBeGreaterThan(0); // /var/log exists everywhere
    for (const m of pct) {
      expect(m.value).toBeGreaterThanOrEqual(0);
      expect(m.value).toBeLessThanOrEqual(100);
      expect(m.warn).toBe('15:');
      expect(m.crit).toBe('5:');
    }
    expect(outcome.steps?.[0]?.summary).toMatch(/holds .*\/var\/log/);
  });

  it('goes CRIT when the configured minimum is above what is free', async () => {
    const outcome = await diskCheck.run(
      makeContext({ site: { thresholds: { 'disk.freePercent': { warn: '100:', crit: '100:' } } } }),
    );
    // catches: a file system of the queue, the cyrus spool, /var/log or the OX filestore nearly full (free % under disk.freePercent)
    expect(outcome.status).toBe('crit');
    expect(outcome.hint).toMatch(/free space on/);
  });
});

describe('host/disk inodes', () => {
  it('judges free inodes of each file system beside its bytes, with the inode metric', async () => {
    const outcome = await diskCheck.run(makeContext());
    const inodeSteps = outcome.steps?.filter((s) => s.name.endsWith(' inodes')) ?? [];
    expect(inodeSteps.length).toBeGreaterThan(0);
    expect(inodeSteps[0]?.summary).toMatch(/^\/\S* has [\d.]+% of its inodes free \(\d+ of \d+; holds .*\/var\/log/);
    expect(outcome.metrics).toContainEqual(expect.objectContaining({ label: expect.stringMatching(/ inodes free$/) }));
  });

  it('goes CRIT on inodes alone when their minimum is above what is free, naming the cause and a fix', async () => {
    const outcome = await diskCheck.run(
      makeContext({ site: { thresholds: { 'disk.freeInodesPercent': { warn: '100:', crit: '100:' } } } }),
    );
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toMatch(/has [\d.]+% of its inodes free .*expected at least 100%\): new files fail there/);
    expect(outcome.hint).toMatch(/find .* -xdev -type f/);
    expect(outcome.steps?.filter((s) => !s.name.endsWith(' inodes')).every((s) => s.status === 'ok')).toBe(true);
  });
});

describe('parseDfInodes', () => {
  it('reads df -P -i rows by mount point and leaves out file systems without an inode count', () => {
    const rows = parseDfInodes(
      [
        'Filesystem            Inodes   IUsed   IFree IUse% Mounted on',
        '/dev/mapper/VolGroup00-LogVol00 2621440 2621300 140 100% /var/log',
        'lablog               3085471      10 3085461    1% /var/spool/my spool',
        '/dev/sdb1                  0       0       0     - /srv/btrfs',
        'nfs:/export                -       -       -     - /u01/open-xchange/filestore',
      ].join('\n'),
    );
    expect([...rows.entries()]).toEqual([
      ['/var/log', { inodes: 2621440, used: 2621300, free: 140 }],
      ['/var/spool/my spool', { inodes: 3085471, used: 10, free: 3085461 }],
    ]);
  });
});

describe('parseDf', () => {
  it('reads POSIX df lines, including mount points with spaces', () => {
    const rows = parseDf(
      [
        'Filesystem         1024-blocks      Used Available Capacity Mounted on',
        '/dev/mapper/vg-var     1000000    900000    100000      90% /var',
        'nfs:/export/ox         2000000     10000   1990000       1% /u01/open-xchange/file store',
      ].join('\n'),
    );
    expect(rows).toEqual([
      { filesystem: '/dev/mapper/vg-var', totalKb: 1000000, usedKb: 900000, availKb: 100000, mount: '/var' },
      {
        filesystem: 'nfs:/export/ox',
        totalKb: 2000000,
        usedKb: 10000,
        availKb: 1990000,
        mount: '/u01/open-xchange/file store',
      },
    ]);
  });
});
