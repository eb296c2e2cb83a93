// cron/ox-jobs on a seeded host: /etc/cron.d/ox as the seed has it (test/lab/hosts/groupware/files/etc/cron.d/ox,
// purgit in /bin as on the seed) and the RHEL5 crond log, both read by the facts' own parsers from the text the
// fact commands print (src/facts/crontabs.ts, src/facts/cron-log.ts), on a host at UTC+1.
import { describe, expect, it } from 'vitest';
import { oxJobsCheck } from '../../../checks/cron/ox-jobs.js';
import { parseCrontab } from '../../../src/cron/crontab.js';
import { CRON_LOG_FACT, parseCronLogDump } from '../../../src/facts/cron-log.js';
import { CRONTABS_FACT } from '../../../src/facts/crontabs.js';
import type { Role } from '../../../src/core/host.js';
import { makeContext } from '../../helpers/context.js';
import { seed } from '../../facts/seed.js';

const OFFSET_MS = 3_600_000; // the host's +0100
const wall = (at: string) => Date.parse(`2026-11-${at}Z`); // host wall-clock time, as the facts keep it
const NOW = wall('25T14:37:20');

const CRONTAB = `SHELL=/bin/bash
PATH=/usr/sbin:/usr/bin:/sbin:/bin
*/5 * * * * root /opt/open-xchange/sbin/setpostacl > /dev/null 2>&1
15 3 * * * root /bin/purgit > /dev/null 2>&1
* * * * * root /opt/open-xchange/sbin/copyjunkfilter > /dev/null 2>&1
30 2 * * * root /opt/open-xchange/sbin/oxsync > /dev/null 2>&1
`;

const cmd = (stamp: string, command: string) =>
  `Nov ${stamp} serverb crond[2211]: (root) CMD (${command} > /dev/null 2>&1)`;
const RUNS: Record<string, string> = {
  setpostacl: cmd('25 14:35:01', '/opt/open-xchange/sbin/setpostacl'),
  purgit: cmd('25 03:15:01', '/bin/purgit'),
  copyjunkfilter: cmd('25 14:37:01', '/opt/open-xchange/sbin/copyjunkfilter'),
  oxsync: cmd('25 02:30:01', '/opt/open-xchange/sbin/oxsync'),
};

// What the cron-log fact's command prints: `date '+%s %z'`, then per file its first line and the last CMD line of
// each command.
function cronLogDump(runs: Record<string, string> | undefined): string {
  const head = `${(NOW - OFFSET_MS) / 1000} +0100`;
  if (!runs) return `${head}\n`;
  const first = 'Nov 24 04:02:01 serverb crond[2211]: (root) CMD (run-parts /etc/cron.daily)';
  return [head, '@@oxdoctor-log /var/log/cron', first, ...Object.values(runs), ''].join('\n');
}

function host(options: { crontab?: string; runs?: Record<string, string> | undefined; roles?: Role[] } = {}) {
  const text = options.crontab ?? CRONTAB;
  const file = { path: '/etc/cron.d/ox', text, mtimeMs: wall('20T09:12:00') - OFFSET_MS };
  const runs = 'runs' in options ? options.runs : RUNS;
  return makeContext({
    host: { name: 'serverb', roles: options.roles ?? ['groupware', 'archive'] },
    facts: {
      ...seed(CRONTABS_FACT, { files: [file], entries: parseCrontab(file.path, text) }),
      ...seed(CRON_LOG_FACT, parseCronLogDump(cronLogDump(runs))),
    },
  });
}

function withLog(log: ReturnType<typeof parseCronLogDump>) {
  const file = { path: '/etc/cron.d/ox', text: CRONTAB, mtimeMs: wall('20T09:12:00') - OFFSET_MS };
  return makeContext({
    host: { name: 'serverb', roles: ['groupware', 'archive'] },
    facts: {
      ...seed(CRONTABS_FACT, { files: [file], entries: parseCrontab(file.path, CRONTAB) }),
      ...seed(CRON_LOG_FACT, log),
    },
  });
}

describe('cron/ox-jobs', () => {
  it('is OK when all four jobs are scheduled and cron started each at its last due time', async () => {
    const outcome = await oxJobsCheck.run(host());
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toBe(
      '4 OX cron jobs scheduled and none missed a due run ' +
        '(setpostacl ran 2 min ago, purgit ran 11 h ago, copyjunkfilter ran 0 min ago, oxsync ran 12 h ago)',
    );
  });

  it('is CRIT when no crontab runs a required job, giving the seed line to add', async () => {
    const outcome = await oxJobsCheck.run(host({ crontab: CRONTAB.replace(/^.*oxsync.*\n/m, '') }));
    // catches: a required job in no crontab (line deleted, file lost in an upgrade)
    expect(outcome.status).toBe('crit');
    expect(outcome.summary).toBe(
      'no crontab runs oxsync (looked in /etc/crontab, /etc/cron.d/*, /var/spool/cron): ' +
        'AD changes (new, changed and removed users) no longer reach OX',
    );
    expect(outcome.hint).toBe(
      "add the seed's line to /etc/cron.d/ox: <time> * * * root /opt/open-xchange/sbin/oxsync > /dev/null 2>&1",
    );
  });

  it('is CRIT for a commented-out setpostacl on the archive server and warns on a groupware-only host', async () => {
    const crontab = CRONTAB.replace('*/5 * * * * root', '#*/5 * * * * root');
    const archive = await oxJobsCheck.run(host({ crontab }));
    // catches: a job's cron line commented out
    expect(archive.status).toBe('crit');
    expect(archive.summary).toMatch(
      /^setpostacl's cron line is commented out in \/etc\/cron\.d\/ox line 3 \(#\*\/5 \* \* \* \* root /,
    );
    expect(archive.summary).toContain('land in INBOX');
    expect(archive.hint).toBe('remove the "#" in /etc/cron.d/ox line 3');
    const groupware = await oxJobsCheck.run(host({ crontab, roles: ['groupware'] }));
    expect(groupware.status).toBe('warn');
    expect(groupware.summary).toMatch(/^setpostacl's cron line is commented out/);
  });

  it('treats setpostacl as optional off the archive server: not scheduled there is OK', async () => {
    const outcome = await oxJobsCheck.run(
      host({ crontab: CRONTAB.replace(/^.*setpostacl.*\n/m, ''), roles: ['groupware'] }),
    );
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).not.toContain('setpostacl');
  });

  it('warns when a job missed its last due run and is CRIT when it missed two, naming each consequence', async () => {
    const runs = { ...RUNS, oxsync: cmd('24 02:30:01', '/opt/open-xchange/sbin/oxsync') };
    const one = await oxJobsCheck.run(host({ runs }));
    // catches: a job missed its last due run
    expect(one.status).toBe('warn');
    expect(one.summary).toContain('missed its 2026-11-25 02:30 run (last ran 2026-11-24 02:30');
    expect(one.summary).toContain('AD changes (new, changed and removed users) no longer reach OX');

    const both = await oxJobsCheck.run(
      host({ runs: { ...runs, copyjunkfilter: cmd('25 14:20:01', '/opt/open-xchange/sbin/copyjunkfilter') } }),
    );
    // catches: a job missed several due runs in a row
    expect(both.status).toBe('crit');
    expect(both.summary).toMatch(/^2 of 4 OX cron jobs failing; copyjunkfilter \(\* \* \* \* \*, /);
    expect(both.summary).toContain('missed at least its last 3 runs (last ran 2026-11-25 14:20, 17 min ago)');
    expect(both.summary).toContain('new users get no default junk filter');
  });

  it('warns that whether the jobs run cannot be told when there is no cron log', async () => {
    const outcome = await oxJobsCheck.run(host({ runs: undefined }));
    expect(outcome.status).toBe('warn');
    expect(outcome.summary).toBe(
      'whether setpostacl, purgit, copyjunkfilter, oxsync run cannot be told: no cron log with CMD lines was found on serverb',
    );
    expect(outcome.hint).toMatch(/cron logs through syslog/);
  });

  it('is OK right after cron started with no job logged yet: nothing was due since (a fresh lab, npm run demo)', async () => {
    // cron started 50 s ago: the every-minute copyjunkfilter's 14:37 run is not judged before 14:38:30.
    const dump = cronLogDump(undefined).replace(/\n$/, '\n@@oxdoctor-cron 50\n');
    const outcome = await oxJobsCheck.run(withLog(parseCronLogDump(dump)));
    expect(outcome.status, outcome.summary).toBe('ok');
    expect(outcome.summary).toContain('copyjunkfilter not due since cron started');
  });

  it('is CRIT naming cron itself first when no cron daemon runs, before the jobs it therefore misses', async () => {
    const [head, ...rest] = cronLogDump(RUNS).split('\n');
    const outcome = await oxJobsCheck.run(
      withLog(parseCronLogDump([head, '@@oxdoctor-cron none', ...rest].join('\n'))),
    );
    expect(outcome.status).toBe('crit');
    // catches: cron daemon not running: none of the jobs runs
    expect(outcome.summary).toMatch(/^cron is not running on serverb \(no live crond pid file or cron process\)/);
    expect(outcome.hint).toMatch(/service crond start/);
  });
});
