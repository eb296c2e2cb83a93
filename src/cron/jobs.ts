// One cron job of the seed judged from the host's crontabs and cron log: scheduled (not commented out),
// and started by cron at its last due times.
import type { Step } from '../core/result.js';
import { runsProgram, type CronEntry } from './crontab.js';
import { firingsBefore } from './schedule.js';
import { coveredFrom, lastRun, type CronLog } from '../facts/cron-log.js';
import type { CronRun } from './cron-log.js';
import { formatAgeMinutes as age, formatWallTime as clock } from '../core/time-text.js';

export interface JobSpec {
  readonly name: string; // the program, as in the seed's /etc/cron.d/ox
  readonly seedLine: string;
  readonly consequence: string; // what stops happening when it does not run
  readonly required: boolean; // false: judged only when scheduled here
}

// Cron starts a job within seconds of its minute; a due time is judged once this much has passed.
const SETTLE_MS = 90_000;
// A run logged up to this long before a due time (clock jitter) still counts for it.
const SLACK_MS = 30_000;
const DUE_TIMES = 3;

export interface JobFinding {
  readonly step: Step;
  readonly brief?: string; // "ran 2 min ago" / "not judged yet": for a one-line healthy summary
  readonly entry?: CronEntry; // the active line, when there is one
  readonly last?: CronRun;
  readonly undetermined?: true; // the log cannot tell whether it ran: not a failure of the job
}

export function judgeJob(
  job: JobSpec,
  entries: readonly CronEntry[],
  log: CronLog,
  fileMtimeMs: (file: string) => number | undefined,
): JobFinding {
  const mine = entries.filter((e) => runsProgram(e.command, job.name));
  const active = mine.filter((e) => !e.commented);
  const entry = active[0];
  if (!entry)
    return {
      step: notScheduled(
        job,
        mine.find((e) => e.commented),
      ),
    };
  const where = `${entry.file} line ${entry.line}`;
  const scheduled = `${job.name} (${entry.schedule.text}, ${where})`;
  const last = lastRun(log, (c) => runsProgram(c, job.name));
  const now = log.nowWallMs;
  if (Number.isNaN(now)) {
    return {
      entry,
      ...(last ? { last } : {}),
      step: {
        name: job.name,
        status: 'warn',
        summary: `${scheduled} is scheduled, but the host's clock could not be read to tell whether it ran`,
        hint: 'check that `date` works on the host',
      },
    };
  }
  const ago = (t: number) => `${clock(t)}, ${age(now - t)} ago`;
  const lastSays = last ? `last ran ${ago(last.wallMs)}` : 'no run in the cron log';
  // Due times before the line last changed, before the log begins or before cron started cannot be held
  // against the job.
  const mtime = fileMtimeMs(entry.file);
  const logFrom = coveredFrom(log);
  const starts: [number, string][] = [
    [logFrom ?? -Infinity, 'the cron log begins'],
    [mtime ?? -Infinity, 'its file changed'],
    [log.cronStartWallMs ?? -Infinity, 'cron started'],
  ];
  const [from, fromWhat] = starts.reduce((a, b) => (b[0] > a[0] ? b : a));
  const base = { entry, ...(last ? { last } : {}) };
  const judgeAt = (at: number) => {
    const due = firingsBefore(entry.schedule, at - SETTLE_MS, DUE_TIMES);
    const judged = due.filter((t) => t >= from);
    return { due, judged, missed: judged.filter((t) => !last || last.wallMs < t - SLACK_MS) };
  };
  // Cron and its log follow the host's clock; oxdoctor's clock is the reference host/clock measures against. A
  // run counts as missed only by both, so that a clock that is off (or faked for the commands oxdoctor runs)
  // never reads as missed work.
  const byHost = judgeAt(now);
  const ref = log.refWallMs;
  const skewed = ref !== undefined && Math.abs(now - ref) > SLACK_MS;
  const byRef = skewed ? judgeAt(ref) : byHost;
  const { due, judged, missed } = byRef.missed.length < byHost.missed.length ? byRef : byHost;
  const clockNote = skewed
    ? ` (the host's clock is ${age(Math.abs(now - ref))} ${now > ref ? 'ahead of' : 'behind'} oxdoctor's, see host/clock: runs judged by both)`
    : '';
  if (logFrom === undefined && (judged.length > 0 || !Number.isFinite(from))) {
    return {
      ...base,
      undetermined: true,
      step: {
        name: job.name,
        status: 'warn',
        summary: `${scheduled} is scheduled, but no cron log with CMD lines was found to tell whether it runs`,
        hint: 'cron logs through syslog (cron.* -> /var/log/cron on RHEL): check the syslog configuration',
      },
    };
  }
  if (missed.length === 0) {
    const summary =
      judged.length > 0
        ? `${scheduled} ${lastSays}${clockNote}`
        : `${scheduled} ${lastSays}; last due ${due[0] !== undefined ? clock(due[0]) : 'over 35 days ago'}, before ${fromWhat} (${clock(from)}), so whether it runs cannot be told yet${clockNote}`;
    return {
      ...base,
      brief:
        judged.length > 0 && last
          ? `ran ${age(now - last.wallMs)} ago`
          : `not due since ${fromWhat === 'its file changed' ? 'its line changed' : fromWhat}`,
      step: { name: job.name, status: 'ok', summary },
    };
  }
  const missedText =
    missed.length === DUE_TIMES
      ? `at least its last ${DUE_TIMES} runs`
      : missed.length === 1
        ? `its ${clock(missed[0]!)} run`
        : `its last ${missed.length} runs`;
  return {
    ...base,
    step: {
      name: job.name,
      status: missed.length >= 2 ? 'crit' : 'warn',
      summary: `${scheduled} missed ${missedText} (${lastSays}): ${job.consequence}${clockNote}`,
      hint: `check that cron runs on this host (pgrep crond || pgrep cron) and read its log for ${job.name}; run it by hand once: ${entry.command}`,
    },
  };
}

function notScheduled(job: JobSpec, commented: CronEntry | undefined): Step {
  if (!job.required && !commented) {
    return {
      name: job.name,
      status: 'ok',
      summary: `${job.name} is not scheduled here (needed only on the archive server)`,
    };
  }
  const why = commented
    ? `${job.name}'s cron line is commented out in ${commented.file} line ${commented.line} (${commented.text})`
    : `no crontab runs ${job.name} (looked in /etc/crontab, /etc/cron.d/*, /var/spool/cron)`;
  return {
    name: job.name,
    status: job.required ? 'crit' : 'warn',
    summary: `${why}: ${job.consequence}`,
    hint: commented
      ? `remove the "#" in ${commented.file} line ${commented.line}`
      : `add the seed's line to /etc/cron.d/ox: ${job.seedLine}`,
  };
}
