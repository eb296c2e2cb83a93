// postfix/pipeline: mail a smtpd listener hands to a pipe(8) content filter (the seed's port 25 -> procmail
// -> altermime -> ssmtp/sendmail -> back into postfix) gets through every element, as the user master.cf
// runs the pipe as, and comes back; the maillog shows whether mail that went in came back out.
import type { Check, CheckContext } from '../../../src/core/check.js';
import { fromSteps, ok, type Step } from '../../../src/core/result.js';
import { inetListenersOf, masterCf } from '../../../src/facts/master-cf.js';
import { pathAccessView } from '../../../src/facts/path-access.js';
import { pipeLog } from '../../../src/facts/pipe-log.js';
import { postconf, type PostconfFacts } from '../../../src/facts/postconf.js';
import { postfixConfigured } from '../../../src/facts/requirements.js';
import type { InetListener, MasterService } from '../../../src/postfix/master-cf.js';
import { pipeFate, REINJECTION_GRACE_MS } from '../../../src/postfix/pipe-log.js';
import { contentFilterPipes, type FilteredPipe } from '../../../src/postfix/pipe-service.js';
import { needStep } from './access.js';
import { followPipe } from './chain.js';
import { lossStep } from './losses.js';
import { reinjectionStep } from './reinjection.js';

export const pipelineCheck: Check = {
  id: 'postfix/pipeline',
  title: 'content-filter pipe (procmail, altermime, re-injection)',
  roles: ['groupware'],
  proves:
    'each pipe(8) content_filter (port 25 -> procmail -> altermime -> ssmtp/sendmail) finds its programs, ' +
    "rcfile, disclaimer and submitter's configuration as the user master.cf runs it as (judged by mode bits), " +
    'hands mail back to a postfix smtpd listener that answers and does not filter it again (or to pickup, for ' +
    'sendmail), and the maillog shows no mail still being lost (sent into the pipe, never back) nor deferred by it',
  catches: [
    'master.cf runs the pipe as a user the host does not have: every message is deferred',
    "procmail's rcfile missing: mail from port 25 is deferred",
    "procmail's rcfile unreadable by the pipe user (root-only mode), though root reads it",
    'a program the pipe runs is missing',
    'a program the pipe runs is not executable by the pipe user',
    'a program path that is a directory, not a regular file',
    'the disclaimer file altermime is given is missing or unreadable by the pipe user',
    "the submitter's configuration (ssmtp.conf, msmtprc) is unreadable by the pipe user",
    'no smtpd listens where the submitter hands mail back: mail is logged sent, then lost',
    'the re-injection listener bound to another address than the one the submitter uses',
    'mail loops: the re-injection listener hands mail to the same pipe again',
    'the re-injection listener is configured but refuses (postfix not reloaded or stopped)',
    'sendmail hands mail back but master.cf runs no pickup: mail stays in the maildrop',
    'no mailhub or msmtp host found for the submitter: WARN, to be checked by hand',
    'mail is being lost: the pipe logs status=sent and the message never comes back',
    "mail deferred by the pipe: WARN with the pipe's own words",
  ],
  misses: [
    'past losses are reported but stay OK once newer mail gets through (grep the ids in the maillog)',
    'permissions from mode bits only (ACLs flagged, SELinux and noexec not seen)',
    'mail the pipe bounces (status=bounced) is not reported (maillog: relay=procmail.*status=bounced)',
    'altermime failing at run time: mail goes on without the disclaimer (procmail LOGFILE)',
    'restrictions, TLS or AUTH of the re-injection listener (not judged; the maillog shows lost mail)',
    'no maillog at /var/log/maillog or mail.log (remote syslog): losses not counted, said in the step',
    'losses before the maillog part read (its last 16 MB, no rotated files) are not counted',
    'mail younger than the grace (20 s to smtpd, 60 s to pickup) is not judged yet: run again',
    'pipe flags and argv (${sender} ${recipient}) not judged (config/seed-drift; master.cf)',
    'the pipe at its maxproc limit, mail waiting in the queue (queue/depth; mailq)',
  ],
  timeoutMs: 20_000,
  requires: [postfixConfigured],
  async run(ctx) {
    const [pc, master, listeners] = await Promise.all([postconf(ctx), masterCf(ctx), inetListenersOf(ctx)]);
    const pipes = contentFilterPipes(master.services, pc.get);
    if (pipes.length === 0)
      return ok('no smtpd listener hands mail to a pipe(8) content_filter: no pipeline to follow');
    const log = pipeLog(
      ctx,
      pipes.map((p) => p.pipe.service.name),
    );
    const perPipe = await Promise.all(pipes.map((p) => pipeSteps(ctx, p, master.services, listeners, pc)));
    const dump = await log;
    const steps: Step[] = [];
    const summaries: string[] = [];
    for (const [i, p] of pipes.entries()) {
      const { config, grace, route, complaint } = perPipe[i]!;
      // What broke: a failing element, else the submitter's own words (syslog's are shown by lossStep).
      const failing = config.find((s) => s.status !== 'ok')?.summary;
      const cause = failing ?? (dump.submitterErrors.length === 0 ? complaint : undefined);
      const loss = lossStep(pipeFate(dump, p.pipe.service.name, grace), dump, cause, ctx.host.name);
      const prefix = pipes.length > 1 ? `${p.pipe.service.name}: ` : '';
      for (const s of [loss, ...config]) steps.push({ ...s, name: `${prefix}${s.name}` });
      summaries.push(`${route}; ${loss.summary}`);
    }
    const healthy = steps.every((s) => s.status === 'ok');
    return fromSteps(steps, healthy ? { summary: summaries.join('; ') } : {});
  },
};

async function pipeSteps(
  ctx: CheckContext,
  filtered: FilteredPipe,
  services: readonly MasterService[],
  listeners: readonly InetListener[],
  pc: PostconfFacts,
): Promise<{ config: Step[]; grace: number; route: string; complaint?: string }> {
  const { pipe } = filtered;
  const name = pipe.service.name;
  const from = filtered.listeners.map((l) => l.name).join(', ');
  const chain = await followPipe(ctx, pipe);
  const [view, reinjection] = await Promise.all([
    pathAccessView(
      ctx,
      pipe.user,
      chain.needs.map((n) => n.path),
    ),
    chain.resubmission ? reinjectionStep(ctx, chain.resubmission, pipe.service, services, listeners, pc) : null,
  ]);
  const complaint = await recordLogTails(ctx, chain.logFiles);
  const grace = chain.resubmission?.target?.kind === 'smtp' ? 20_000 : REINJECTION_GRACE_MS;
  const target = chain.resubmission?.target;
  const end = target?.kind === 'smtp' ? `${target.host}:${target.port}` : target?.kind === 'pickup' ? 'pickup' : '?';
  const route = `${from} -> ${[...new Set(chain.programs)].join(' -> ')} -> ${end} (as ${pipe.user})`;
  if (!view.ids) {
    const step: Step = {
      name: 'pipe user',
      status: 'crit',
      summary:
        `master.cf runs the ${name} pipe as ${pipe.user} (line ${pipe.service.line}), a user ` +
        `${ctx.host.name} does not have: pipe(8) defers every message from ${from}`,
      hint:
        `create the user ${pipe.user} or set user= of ${name} in master.cf to an existing unprivileged ` +
        `user, then postfix reload`,
    };
    return { config: [step, ...(reinjection ? [reinjection] : [])], grace, route, complaint };
  }
  const ids = view.ids;
  const deferred = `mail from ${from} is deferred by the ${name} pipe`;
  const fails = `mail from ${from} fails in the ${name} pipe at this point`;
  const seen = new Set<string>();
  const needs: Step[] = [];
  for (const [i, n] of chain.needs.entries()) {
    if (seen.has(`${n.path} ${n.want}`)) continue;
    seen.add(`${n.path} ${n.want}`);
    needs.push(needStep(view, ids, n, i < 2 ? deferred : fails));
  }
  return { config: [...needs, ...(reinjection ? [reinjection] : [])], grace, route, complaint };
}

// The newest lines of procmail's LOGFILE and a wrapper's log, as evidence; returns the newest complaint in them
// ("msmtp: cannot connect to 127.0.0.1, port 11025: Connection refused"), these logs have no time stamps.
async function recordLogTails(ctx: CheckContext, files: readonly string[]): Promise<string | undefined> {
  const tails = await Promise.all(
    [...new Set(files)].map(async (f) => {
      const file = await ctx.transport.readFile(f, { maxBytes: 2048, tail: true }).catch(() => null);
      if (!file) return undefined;
      const text = file.data.toString('utf8');
      ctx.record(`read ${f} (last ${file.data.length} bytes)`, text);
      const complaint = text
        .split('\n')
        .filter((l) => /cannot|could not|refused|failed|unable|error/i.test(l) && !/chdir/i.test(l))
        .at(-1);
      return complaint ? `newest complaint in ${f}: ${complaint.trim()}` : undefined;
    }),
  );
  return tails.filter((t) => t !== undefined).at(-1);
}
