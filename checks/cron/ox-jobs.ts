// cron/ox-jobs: the seed's OX housekeeping jobs are in a crontab and cron started them at their last due times.
import type { Check } from '../../src/core/check.js';
import { fromSteps, type Step } from '../../src/core/result.js';
import { cronLog, type CronLog } from '../../src/facts/cron-log.js';
import { formatAgeMinutes } from '../../src/core/time-text.js';
import { crontabs } from '../../src/facts/crontabs.js';
import { ARCHIVE_CONSEQUENCE, SETPOSTACL } from '../../src/ox/setpostacl.js';
import { judgeJob, type JobSpec } from '../../src/cron/jobs.js';

export function oxJobs(archive: boolean): JobSpec[] {
  return [
    {
      name: 'setpostacl',
      seedLine: `*/5 * * * * root ${SETPOSTACL} > /dev/null 2>&1`,
      consequence: `new users' Sent Items never get "anyone p": ${ARCHIVE_CONSEQUENCE}`,
      required: archive,
    },
    {
      name: 'purgit',
      seedLine: '<time> * * * root /bin/purgit > /dev/null 2>&1',
      consequence: 'mail older than 7 days (outside Sent Items) is no longer purged: the IMAP spool keeps growing',
      required: true,
    },
    {
      name: 'copyjunkfilter',
      seedLine: '* * * * * root /opt/open-xchange/sbin/copyjunkfilter > /dev/null 2>&1',
      consequence: 'new users get no default junk filter (sieve script)',
      required: true,
    },
    {
      name: 'oxsync',
      seedLine: '<time> * * * root /opt/open-xchange/sbin/oxsync > /dev/null 2>&1',
      consequence: 'AD changes (new, changed and removed users) no longer reach OX',
      required: true,
    },
  ];
}

export const oxJobsCheck: Check = {
  id: 'cron/ox-jobs',
  title: 'OX cron jobs',
  roles: ['groupware'],
  proves:
    'setpostacl (archive), purgit, copyjunkfilter and oxsync are in a crontab and cron started each at its last due times',
  catches: [
    'cron daemon not running: none of the jobs runs',
    'a required job in no crontab (line deleted, file lost in an upgrade)',
    "a job's cron line commented out",
    'a job missed its last due run',
    'a job missed several due runs in a row',
  ],
  misses: [
    'a job that starts but fails: output goes to /dev/null (run it by hand; oxsync: ox/ldapsync-log)',
    "a job's script missing or not executable: cron logs CMD all the same (ls -l the script)",
    'runs cron does not log (no cron.* in syslog): only warned that it cannot be told (/etc/syslog.conf)',
    'what the jobs should achieve: Sent Items ACLs (mailbox/sent-acl-sweep), users synced (ox/sync-coverage)',
  ],
  timeoutMs: 30_000,
  async run(ctx) {
    const [tabs, log] = await Promise.all([crontabs(ctx), cronLog(ctx)]);
    const mtimes = new Map(
      tabs.files.map((f) => [f.path, f.mtimeMs === undefined ? undefined : f.mtimeMs + log.offsetMs]),
    );
    const findings = oxJobs(ctx.host.roles.includes('archive')).map((job) =>
      judgeJob(job, tabs.entries, log, (file) => mtimes.get(file)),
    );
    const steps = findings.map((f) => f.step);
    if (log.cronStartWallMs === null) steps.unshift(cronNotRunning(ctx.host.name));
    const bad = steps.filter((s) => s.status !== 'ok');
    const briefs = findings.filter((f) => f.brief).map((f) => `${f.step.name} ${f.brief}`);
    const unsure = findings.filter((f) => f.undetermined).map((f) => f.step.name);
    const failing = bad.filter((s) => !unsure.includes(s.name));
    const summary =
      bad.length === 0
        ? `${briefs.length} OX cron jobs scheduled and none missed a due run (${briefs.join(', ')})${clockNote(log)}`
        : failing.length === 0 && unsure.length > 1
          ? `whether ${unsure.join(', ')} run cannot be told: no cron log with CMD lines was found on ${ctx.host.name}`
          : bad.length > 1
            ? `${failing.length} of ${steps.length} OX cron jobs failing; ${bad.map((s) => s.summary).join('; ')}`
            : undefined;
    return fromSteps(steps, summary ? { summary } : {});
  },
};

// Runs are judged by the host's clock and by oxdoctor's (src/cron/jobs.ts); a healthy summary says so when they
// disagree, as host/clock reports the offset itself.
function clockNote(log: CronLog): string {
  if (log.refWallMs === undefined || Number.isNaN(log.nowWallMs)) return '';
  const skew = log.nowWallMs - log.refWallMs;
  if (Math.abs(skew) < 30_000) return '';
  return `; the host's clock is ${formatAgeMinutes(Math.abs(skew))} ${skew > 0 ? 'ahead of' : 'behind'} oxdoctor's (see host/clock): judged by both`;
}

// The cause before its symptoms: with no cron daemon every job misses its runs.
function cronNotRunning(host: string): Step {
  return {
    name: 'cron',
    status: 'crit',
    summary: `cron is not running on ${host} (no live crond pid file or cron process): none of the OX jobs runs`,
    hint: 'start it (RHEL: service crond start; chkconfig crond on) and read /var/log/cron for why it stopped',
  };
}
