import { describe, expect, it } from 'vitest';
import { judgeJob, type JobSpec } from '../../src/cron/jobs.js';
import { parseCrontab } from '../../src/cron/crontab.js';
import type { CronLog } from '../../src/facts/cron-log.js';

const T = (hm: string) => Date.parse(`2026-11-25T${hm}Z`);
const JOB: JobSpec = {
  name: 'setpostacl',
  seedLine: '*/5 * * * * root /opt/open-xchange/sbin/setpostacl',
  consequence: 'archive copies land in INBOX',
  required: true,
};
const LINE = '*/5 * * * * root /opt/open-xchange/sbin/setpostacl > /dev/null 2>&1\n';

function log(nowHm: string, runsAt: string[], from = '08:00'): CronLog {
  return {
    nowWallMs: T(nowHm),
    offsetMs: 0,
    sources: [
      {
        path: '/var/log/cron',
        fromWallMs: T(from),
        runs: runsAt.map((hm) => ({
          wallMs: T(`${hm}:01`),
          user: 'root',
          command: '/opt/open-xchange/sbin/setpostacl > /dev/null 2>&1',
          line: '',
        })),
      },
    ],
  };
}
const entries = (text = LINE) => parseCrontab('/etc/cron.d/ox', text);
const oldFile = () => T('07:00');

describe('an OX cron job judged from crontab and cron log', () => {
  it('is OK when cron started it at its last due time', () => {
    const f = judgeJob(JOB, entries(), log('14:37', ['14:35']), oldFile);
    expect(f.step.status).toBe('ok');
    expect(f.step.summary).toBe('setpostacl (*/5 * * * *, /etc/cron.d/ox line 1) last ran 2026-11-25 14:35, 2 min ago');
  });

  it('gives cron a moment after the due minute before counting a run as missed', () => {
    expect(judgeJob(JOB, entries(), log('14:40:30', ['14:35']), oldFile).step.status).toBe('ok');
  });

  it('warns after one missed run and is CRIT after two, naming the consequence', () => {
    const one = judgeJob(JOB, entries(), log('14:42', ['14:35']), oldFile).step;
    expect(one.status).toBe('warn');
    expect(one.summary).toContain(
      'missed its 2026-11-25 14:40 run (last ran 2026-11-25 14:35, 7 min ago): archive copies land in INBOX',
    );
    const two = judgeJob(JOB, entries(), log('14:47', ['14:35']), oldFile).step;
    expect(two.status).toBe('crit');
    expect(two.summary).toContain('missed its last 2 runs');
    expect(two.hint).toMatch(/pgrep crond/);
  });

  it('does not hold due times before the line changed or the log began against the job', () => {
    const changed = judgeJob(JOB, entries(), log('14:47', []), () => T('14:46')).step;
    expect(changed.status).toBe('ok');
    expect(changed.summary).toContain(
      'no run in the cron log; last due 2026-11-25 14:45, before its file changed (2026-11-25 14:46)',
    );
    const daily = judgeJob(
      { ...JOB, name: 'purgit' },
      parseCrontab('/etc/cron.d/ox', '15 3 * * * root /bin/purgit\n'),
      log('14:47', [], '13:04'),
      oldFile,
    ).step;
    expect(daily.status).toBe('ok');
    expect(daily.summary).toContain(
      'last due 2026-11-25 03:15, before the cron log begins (2026-11-25 13:04), so whether it runs cannot be told yet',
    );
  });

  it('is CRIT naming the commented-out line of a required job, and how to restore it', () => {
    const step = judgeJob(JOB, entries(`#${LINE}`), log('14:47', ['14:35']), oldFile).step;
    expect(step.status).toBe('crit');
    expect(step.summary).toBe(
      `setpostacl's cron line is commented out in /etc/cron.d/ox line 1 (#${LINE.trim()}): archive copies land in INBOX`,
    );
    expect(step.hint).toBe('remove the "#" in /etc/cron.d/ox line 1');
  });

  it("is CRIT with the seed's line when no crontab runs a required job, and OK when an optional one is simply absent", () => {
    const missing = judgeJob(JOB, entries('15 3 * * * root /bin/purgit\n'), log('14:47', []), oldFile).step;
    expect(missing.status).toBe('crit');
    expect(missing.summary).toMatch(/^no crontab runs setpostacl/);
    expect(missing.hint).toContain(JOB.seedLine);
    expect(judgeJob({ ...JOB, required: false }, [], log('14:47', []), oldFile).step.status).toBe('ok');
    expect(judgeJob({ ...JOB, required: false }, entries(`#${LINE}`), log('14:47', []), oldFile).step.status).toBe(
      'warn',
    );
  });

  it('warns that it cannot tell when no cron log holds any run', () => {
    const step = judgeJob(JOB, entries(), { nowWallMs: T('14:47'), offsetMs: 0, sources: [] }, () => undefined).step;
    expect(step.status).toBe('warn');
    expect(step.summary).toContain('no cron log with CMD lines was found');
  });

  it('does not hold due times before cron started against the job: a freshly started cron has missed nothing', () => {
    const fresh = { ...log('14:47', []), cronStartWallMs: T('14:46:20') };
    const step = judgeJob(JOB, entries(), fresh, oldFile);
    expect(step.step.status).toBe('ok');
    expect(step.brief).toBe('not due since cron started');
    expect(step.step.summary).toContain('last due 2026-11-25 14:45, before cron started (2026-11-25 14:46)');
    // The same log without knowing when cron started: the 14:40 and 14:45 runs are missed.
    expect(judgeJob(JOB, entries(), log('14:47', []), oldFile).step.status).toBe('crit');
  });

  it("judges runs by oxdoctor's clock as well: a host clock 10 minutes ahead is named, not read as missed runs", () => {
    // Commands over this host's sshd see 14:57; its cron log (syslog) and oxdoctor say 14:47.
    const skewed = { ...log('14:57', ['14:45']), refWallMs: T('14:47') };
    const step = judgeJob(JOB, entries(), skewed, oldFile).step;
    expect(step.status).toBe('ok');
    expect(step.summary).toContain("the host's clock is 10 min ahead of oxdoctor's, see host/clock");
    expect(judgeJob(JOB, entries(), log('14:57', ['14:45']), oldFile).step.status).toBe('crit');
    // A run missed by both clocks is still missed, with the clock named.
    const missed = judgeJob(JOB, entries(), { ...log('14:57', ['14:30']), refWallMs: T('14:47') }, oldFile).step;
    expect(missed.status).toBe('crit');
    expect(missed.summary).toContain("10 min ahead of oxdoctor's");
  });
});
