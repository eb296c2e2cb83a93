import { describe, expect, it } from 'vitest';
import { parseCrontab, runsProgram } from '../../src/cron/crontab.js';
import { parseCronRun, syslogTime } from '../../src/cron/cron-log.js';
import { parseCronLogDump, lastRun, coveredFrom } from '../../src/facts/cron-log.js';
import { parseDump } from '../../src/facts/file-dump.js';

const SEED = `SHELL=/bin/bash
PATH=/usr/sbin:/usr/bin:/sbin:/bin
#*/5 * * * * root /opt/open-xchange/sbin/setpostacl > /dev/null 2>&1
15 3 * * * root /bin/purgit > /dev/null 2>&1
# a comment, not a job
@hourly root cd /tmp && /opt/open-xchange/sbin/oxsync
`;

describe('crontab files', () => {
  it('reads system crontab lines with their user, and keeps commented-out jobs as such', () => {
    const entries = parseCrontab('/etc/cron.d/ox', SEED);
    expect(entries.map((e) => [e.line, e.user, e.commented, e.schedule.text])).toEqual([
      [3, 'root', true, '*/5 * * * *'],
      [4, 'root', false, '15 3 * * *'],
      [6, 'root', false, '@hourly'],
    ]);
    expect(entries[0]?.command).toBe('/opt/open-xchange/sbin/setpostacl > /dev/null 2>&1');
  });

  it('reads per-user crontabs without a user field, the user being the file name', () => {
    const [e] = parseCrontab('/var/spool/cron/root', '*/5 * * * * /opt/open-xchange/sbin/setpostacl\n');
    expect(e?.user).toBe('root');
    expect(e?.command).toBe('/opt/open-xchange/sbin/setpostacl');
  });

  it('knows which program a command runs, wherever it lives', () => {
    expect(runsProgram('cd /tmp && /opt/open-xchange/sbin/oxsync', 'oxsync')).toBe(true);
    expect(runsProgram('/bin/purgit > /dev/null 2>&1', 'purgit')).toBe(true);
    expect(runsProgram('/opt/open-xchange/sbin/oxsync-report', 'oxsync')).toBe(false);
  });

  it('splits a dump of several files at its markers, with modification times', () => {
    const files = parseDump('@@oxdoctor-file 1795617000 /etc/cron.d/ox\na\nb\n\n@@oxdoctor-file - /etc/crontab\nc\n\n');
    expect(files).toEqual([
      { path: '/etc/cron.d/ox', text: 'a\nb', mtimeMs: 1795617000_000 },
      { path: '/etc/crontab', text: 'c' },
    ]);
  });
});

describe('cron log lines', () => {
  const now = Date.parse('2026-11-25T14:40:00Z');

  it('reads Debian (with pid), RHEL5 vixie cron and cronie CMD lines', () => {
    expect(
      parseCronRun(
        'Nov 25 14:30:01 node8888 CRON[6988]: (root) CMD ([6993] /opt/open-xchange/sbin/setpostacl > /dev/null 2>&1)',
        now,
      ),
    ).toMatchObject({
      wallMs: Date.parse('2026-11-25T14:30:01Z'),
      user: 'root',
      command: '/opt/open-xchange/sbin/setpostacl > /dev/null 2>&1',
    });
    expect(
      parseCronRun('Nov  5 03:15:01 oxb crond[2211]: (root) CMD (/bin/purgit > /dev/null 2>&1)', now)?.command,
    ).toBe('/bin/purgit > /dev/null 2>&1');
    expect(
      parseCronRun('2026-11-25T14:30:01.123+01:00 oxb CROND[1]: (root) CMD (/opt/open-xchange/sbin/oxsync)', now)
        ?.wallMs,
    ).toBe(Date.parse('2026-11-25T14:30:01Z'));
    expect(parseCronRun('Nov 25 14:30:02 node8888 CRON[6988]: (root) END ([6993] /opt/x)', now)).toBeUndefined();
  });

  it('puts a December line read in January into the previous year', () => {
    expect(syslogTime('Dec 31 23:59:01 h crond[1]: x', Date.parse('2027-01-01T00:10:00Z'))).toBe(
      Date.parse('2026-12-31T23:59:01Z'),
    );
  });

  it("reads the fact script output: the clock with its UTC offset, each log's first line and newest runs", () => {
    const log = parseCronLogDump(
      [
        '1795617600 +0100',
        '@@oxdoctor-log /var/log/cron',
        'Nov 25 13:04:45 node8888 cron[1]: (CRON) INFO (pidfile fd = 3)',
        'Nov 25 15:30:01 node8888 CRON[2]: (root) CMD ([3] /opt/open-xchange/sbin/setpostacl > /dev/null 2>&1)',
        '@@oxdoctor-log /var/log/messages',
        'Nov 25 13:04:39 node8888 saslauthd[1]: nothing about cron',
      ].join('\n'),
    );
    expect(log.offsetMs).toBe(3_600_000);
    expect(log.nowWallMs).toBe(1795617600_000 + 3_600_000);
    expect(log.sources.map((s) => s.path)).toEqual(['/var/log/cron']);
    expect(coveredFrom(log)).toBe(Date.parse('2026-11-25T13:04:45Z'));
    expect(lastRun(log, (c) => c.includes('setpostacl'))?.wallMs).toBe(Date.parse('2026-11-25T15:30:01Z'));
  });
});
