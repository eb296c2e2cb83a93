import { describe, expect, it } from 'vitest';
import { diskCheck, parseDf } from '../../../checks/host/disk/index.js';
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
    expect(outcome.status).toBe('crit');
    expect(outcome.hint).toMatch(/free space on/);
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
