// Whether cron runs setpostacl here and when it last did, from the shared crontab and cron log facts
// (the same ones cron/ox-jobs reads).
import type { CheckContext } from '../../../src/core/check.js';
import { runsProgram } from '../../../src/cron/crontab.js';
import { cronLog, lastRun } from '../../../src/facts/cron-log.js';
import { crontabs } from '../../../src/facts/crontabs.js';
import { formatAgeMinutes as age, formatWallTime as clock } from '../../../src/core/time-text.js';
import { OX_CRON } from '../../../src/ox/setpostacl.js';

export interface SetpostaclCron {
  readonly scheduled: boolean;
  readonly text: string; // "/etc/cron.d/ox runs setpostacl (*/5 * * * *), last ran 2026-11-25 14:30 (3 min ago)"
}

export async function setpostaclCronSays(ctx: CheckContext): Promise<SetpostaclCron> {
  const [tabs, log] = await Promise.all([crontabs(ctx), cronLog(ctx)]);
  const mine = tabs.entries.filter((e) => runsProgram(e.command, 'setpostacl'));
  const active = mine.find((e) => !e.commented);
  const last = lastRun(log, (c) => runsProgram(c, 'setpostacl'));
  const ran = last
    ? `last ran ${clock(last.wallMs)} (${Number.isNaN(log.nowWallMs) ? 'host clock unknown' : `${age(log.nowWallMs - last.wallMs)} ago`})`
    : 'no run in the cron log';
  if (active) return { scheduled: true, text: `${active.file} runs setpostacl (${active.schedule.text}), ${ran}` };
  const commented = mine.find((e) => e.commented);
  const why = commented
    ? `${commented.file} has no setpostacl line (line ${commented.line} is commented out)`
    : `${OX_CRON} has no setpostacl line (nor does any other crontab)`;
  return { scheduled: false, text: `${why}, ${ran}` };
}
