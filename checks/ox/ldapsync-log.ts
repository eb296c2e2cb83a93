// ox/ldapsync-log: the last oxldapsync run of each conf is recent, finished, and logged no error.
import type { Check } from '../../src/core/check.js';
import { crit, fromSteps, unknown, type Metric, type Step } from '../../src/core/result.js';
import { evaluate } from '../../src/core/thresholds.js';
import { lastRuns, type SyncRun } from '../../src/ox/ldapsync-log.js';
import { thresholds } from '../../src/checkkit/thresholds.js';
import { maskAndRegister } from '../../src/facts/mask-secrets.js';

export const SYNC_LOG = '/var/log/oxldapsync.log';

export const ldapsyncLogCheck: Check = {
  id: 'ox/ldapsync-log',
  title: 'oxldapsync log',
  roles: ['groupware'],
  proves: 'the last oxldapsync run of each conf (in /var/log/oxldapsync.log) is recent, finished and logged no error',
  catches: [
    'one nightly sync missed (last run over 26 h ago)',
    'two nightly syncs missed (last run over 50 h ago)',
    'last run started over an hour ago and never logged "finished" (died or hangs)',
    'last run logged an ERROR (e.g. the OX admin login failed)',
    'AD\'s 1000-entry size limit hit ("Size limit exceeded" logged)',
    'no oxldapsync log at all: the sync never ran on this host',
    'the log holds no oxldapsync run',
  ],
  misses: [
    'a run that finished without ERROR but skipped users (WARN lines counted only; ox/sync-coverage)',
    'the oxsync cron line gone or crond stopped, before the age limit (cron/ox-jobs)',
    "an earlier run's errors once a later run finished cleanly (only the last run counts; read the log)",
    'a sync that logs elsewhere than /var/log/oxldapsync.log (not read; the oxsync redirect in /etc/cron.d/ox)',
  ],
  timeoutMs: 15_000,
  async run(ctx) {
    // The seed runs the sync nightly (cron 30 2 * * *): one missed night warns, two are critical.
    const limits = thresholds(ctx, 'oxldapsync.lastRunHours', { warn: '26', crit: '50' });
    const [file, clock] = await Promise.all([
      ctx.transport.readFile(SYNC_LOG, { maxBytes: 1024 * 1024, tail: true, signal: ctx.signal }),
      ctx.exec(['date', '+%s %z']),
    ]);
    if (!file)
      return crit(`${SYNC_LOG} does not exist on ${ctx.host.name}: oxldapsync has never run here`, {
        hint: 'check the oxsync line in /etc/cron.d/ox and run /opt/open-xchange/sbin/oxsync by hand',
      });
    const m = /^(\d+) ([+-])(\d\d)(\d\d)/.exec(clock.stdout.trim());
    if (!m)
      return unknown(
        `cannot read the host clock of ${ctx.host.name} (date printed ${JSON.stringify(clock.stdout.trim())})`,
      );
    const hostNow = Number(m[1]) * 1000;
    const offsetMinutes = (m[2] === '-' ? -1 : 1) * (Number(m[3]) * 60 + Number(m[4]));
    const text = file.data.toString('utf8');
    const runs = lastRuns(text, offsetMinutes);
    // A log may quote a command line with -P or a bind password: masked like a config file of unknown format.
    ctx.record(`read ${SYNC_LOG} (last lines)`, maskAndRegister(SYNC_LOG, text.split('\n').slice(-12).join('\n')));
    if (runs.length === 0)
      return crit(`${SYNC_LOG} on ${ctx.host.name} holds no oxldapsync run`, {
        hint: 'run /opt/open-xchange/sbin/oxsync and check it logs',
      });
    const metrics: Metric[] = [];
    const steps = runs.map((run) => judge(run, hostNow, limits, metrics));
    const allOk = steps.every((s) => s.status === 'ok');
    return fromSteps(steps, {
      metrics,
      ...(allOk
        ? { summary: `last oxldapsync runs finished without error: ${steps.map((s) => s.summary).join('; ')}` }
        : {}),
    });
  },
};

function judge(run: SyncRun, hostNow: number, limits: { warn: string; crit: string }, metrics: Metric[]): Step {
  const hours = Math.max(0, (hostNow - run.lastAt) / 3_600_000);
  const age = hours < 1 ? `${Math.round(hours * 60)} min` : `${hours.toFixed(1)} h`;
  metrics.push({
    label: `age_${run.conf}`,
    value: Number(hours.toFixed(2)),
    unit: '',
    warn: limits.warn,
    crit: limits.crit,
    min: 0,
  });
  if (run.errors.length > 0) {
    const error = run.errors[run.errors.length - 1]!;
    const capped = /size limit exceeded/i.test(error);
    return {
      name: run.conf,
      status: 'crit',
      summary: `the last ${run.conf} sync (${age} ago) logged ERROR: ${error.slice(0, 240)}${capped ? ": the sync stops at AD's 1000-entry size limit" : ''}`,
      hint: capped
        ? `set ldaptype = ads (paged search) in /opt/oxldapsync/etc/${run.conf}, then run oxsync`
        : 'fix the cause named in /var/log/oxldapsync.log and run /opt/open-xchange/sbin/oxsync',
    };
  }
  const status = evaluate(hours, limits.warn, limits.crit);
  if (status !== 'ok') {
    return {
      name: run.conf,
      status,
      summary: `the last ${run.conf} sync was ${age} ago (limit ${limits.warn} h warn, ${limits.crit} h crit)`,
      hint: 'check the oxsync line in /etc/cron.d/ox, that cron runs, and run oxsync by hand',
    };
  }
  if (!run.finished && hours > 1) {
    return {
      name: run.conf,
      status: 'warn',
      summary: `the last ${run.conf} sync started ${age} ago and never logged "finished"`,
      hint: 'it died or hangs: look for an oxldapsync.pl process and the OX admin log',
    };
  }
  const warnings = run.warnings.length > 0 ? ` (${run.warnings.length} warnings)` : '';
  return {
    name: run.conf,
    status: 'ok',
    summary: `${run.conf} ${age} ago, ${run.finished ? `${run.entries} entries` : 'still running'}${warnings}`,
  };
}
