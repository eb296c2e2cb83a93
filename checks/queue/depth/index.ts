// queue/depth: how much mail waits in each postfix queue, how long, and why (delay reasons by next hop),
// with the qshape view as evidence. Reads the listing once per host and sweep (facts/queue).
import type { Check, CheckContext } from '../../../src/core/check.js';
import { crit, unknown, type Metric, type Outcome } from '../../../src/core/result.js';
import { worst, type Status } from '../../../src/core/status.js';
import { evaluate } from '../../../src/core/thresholds.js';
import { queueFacts, type QueueFacts } from '../../../src/facts/queue.js';
import { renderQshape } from '../../../src/postfix/queue-qshape.js';
import type { QueueSummary } from '../../../src/postfix/queue-summary.js';
import { QUEUE_NAMES, type QueueName } from '../../../src/postfix/queue-types.js';
import { diagnose } from './cause.js';
import { expectation, oldestLimits, queueLimits } from './limits.js';
import { nameHop } from './next-hop.js';
import { formatAge } from '../../../src/core/time-text.js';

export const depthCheck: Check = {
  id: 'queue/depth',
  title: 'Mail queue',
  roles: ['relay', 'groupware'],
  proves:
    'postfix queues hold little mail, none of it old, and the master runs; waiting mail over a limit is explained ' +
    'by its top next hop and delay reason (the top 5 and the qshape view as evidence)',
  catches: [
    'deferred mail past queue.deferred: WARN, past its crit: CRIT',
    'a next hop refuses connections: deferred mail names the hop and asks whether it is down',
    'a next hop answers with a temporary 4xx reply (mailbox over quota, client host rejected)',
    'a local delivery service fails: mail deferred with "mail transport unavailable"',
    'the alias database unavailable: local mail deferred, the reason named',
    'delivery slower than arrival: the active queue past queue.active',
    'pickup not running: mail piles up in the maildrop',
    'qmgr not running: mail piles up in incoming',
    'a next hop whose name does not resolve: the DNS failure named',
    'mail put on hold (header_checks or access HOLD, postsuper -h)',
    'a message stuck for days: the oldest past queue.oldestMinutes, named by queue id',
    'unreadable queue files in the corrupt queue',
    'postfix master stopped: postqueue says the mail system is down (-p and -j)',
    "postqueue cannot read main.cf: UNKNOWN with postqueue's own complaint",
  ],
  misses: [
    'a next hop unresolvable by native lookup (smtp_host_lookup = native): counted, not named as DNS (getent hosts)',
    'the queue file system full: smtpd answers 452 insufficient storage, the queue stays small (host/disk)',
    'mail bounced rather than deferred leaves the queue unseen (maillog: status=bounced)',
    'mail delivered slowly but steadily: a small queue, long delays (not measured; maillog delays=)',
    "mail stranded in the standby node's queue after a failover: OK there, not read (postqueue -p on the standby)",
    "a second postfix instance (postmulti): only the default instance's queue is read (postqueue -c DIR -p)",
    'delay reasons after the first: only in the evidence, top 5 by next hop (qshape -s deferred; postqueue -p)',
    'a spam run from a hijacked account: counted, its sender not named (qshape -s deferred; postqueue -j)',
    '$queue_directory/corrupt unreadable: corrupt files not counted, said in the summary (ls as root)',
    'a queue too big to list before the deadline: UNKNOWN with the directory counts, not judged (qshape deferred)',
    'a backlog under the limits (50 deferred, oldest 1 day by default): OK by design (queue.* thresholds)',
    'mail lost before it reaches the queue (service/smtp, postfix/handoffs, postfix/pipeline)',
  ],
  timeoutMs: 30_000,
  async run(ctx) {
    const q = await queueFacts(ctx);
    if (!q.postfix)
      return unknown(`no postfix on ${ctx.host.name} (no postconf, no main.cf), so there is no queue to read`, {
        hint: 'check the host roles in the config',
      });
    const counts = countsOf(q);
    const metrics: Metric[] = [];
    const judged: { queue: QueueName; value: number; status: Status; expected: string }[] = [];
    for (const queue of QUEUE_NAMES) {
      const value = counts[queue];
      if (value === undefined) continue;
      const l = queueLimits(ctx, queue);
      metrics.push({ label: queue, value, unit: '', warn: l.warn, crit: l.crit, min: 0 });
      judged.push({ queue, value, status: evaluate(value, l.warn, l.crit), expected: expectation(l.warn) });
    }
    if (q.listing) addListingMetrics(ctx, q.listing.summary, metrics);
    recordViews(ctx, q);
    if (!q.listing) return withoutListing(ctx, q, counts, metrics);
    const s = q.listing.summary;
    const oldest = oldestOutsideHold(s);
    const ol = oldestLimits(ctx);
    const oldestStatus = oldest ? evaluate(Math.floor(oldest.ageSeconds / 60), ol.warn, ol.crit) : 'ok';
    const status = worst([
      ...judged.map((j) => j.status),
      oldestStatus,
      ...(q.mailSystemDown ? (['crit'] as const) : []),
    ]);
    const overview = overviewOf(counts, s, q);
    if (status === 'ok') return { status, summary: `queue of ${ctx.host.name} is fine: ${overview}`, metrics };
    const bad = judged.filter((j) => j.status === status);
    const parts: string[] = [];
    let hint: string | undefined;
    if (q.mailSystemDown) {
      parts.push(
        `the postfix master on ${ctx.host.name} is not running ("mail system is down"): nothing is received or delivered`,
      );
      hint = `start postfix on ${ctx.host.name} (postfix start; then postfix check and the maillog if it stops again)`;
    }
    for (const j of bad) {
      const cause = causeOf(ctx, j.queue, s);
      parts.push(`${j.value} ${j.queue} (expected ${j.expected})${cause ? `, ${cause.sentence}` : ''}`);
      hint ??= cause?.hint;
    }
    if (oldestStatus === status && oldest) {
      parts.push(
        `oldest message ${oldest.queueId} (${oldest.queueName}) waits ${formatAge(oldest.ageSeconds * 1000)} (expected ${expectation(ol.warn)} min)`,
      );
      hint ??= `see why with \`postcat -q ${oldest.queueId}\` and the maillog; postfix bounces it after maximal_queue_lifetime`;
    }
    return {
      status,
      summary: `${parts.join('; ')} [${overview}]`,
      hint: hint ?? 'inspect the queue with `postqueue -p` and qshape',
      metrics,
    };
  },
};

type Counts = Partial<Record<QueueName, number>>;

// The listing's counts, and corrupt (which no listing shows) from the queue directory.
function countsOf(q: QueueFacts): Counts {
  const fromDir: Counts = {};
  for (const c of q.dir.counts) if (c.files !== null) fromDir[c.queue] = c.files;
  if (!q.listing) return fromDir;
  const listed: Counts = { ...q.listing.summary.counts };
  if (fromDir.corrupt !== undefined) listed.corrupt = fromDir.corrupt;
  else delete listed.corrupt;
  return listed;
}

function withoutListing(ctx: CheckContext, q: QueueFacts, counts: Counts, metrics: Metric[]): Outcome {
  const dirText = QUEUE_NAMES.map((n) => `${n} ${counts[n] ?? '?'}`).join(', ');
  const readable = q.dir.counts.some((c) => c.files !== null);
  const from = readable
    ? `the queue directory ${q.queueDirectory} holds ${dirText}`
    : `the queue directory ${q.queueDirectory} is not readable either`;
  if (q.mailSystemDown) {
    return crit(
      `the postfix master on ${ctx.host.name} is not running ("mail system is down": ${q.failure}); ${from}`,
      {
        hint: `start postfix on ${ctx.host.name} (postfix start), then check the maillog for why it stopped`,
        metrics,
      },
    );
  }
  return unknown(`cannot list the queue of ${ctx.host.name}: ${q.failure}; ${from}`, {
    hint: readable
      ? 'run postqueue as root (or the mail_owner) on the host; check the command_directory in postconf'
      : 'oxdoctor needs root (or the mail_owner) on this host to read the queue',
    metrics,
  });
}

function causeOf(ctx: CheckContext, queue: QueueName, s: QueueSummary): { sentence: string; hint: string } | undefined {
  if (queue === 'deferred' || queue === 'active') {
    const top = s.reasons()[0];
    return top ? diagnose(top, nameHop(ctx, top.nextHop), ctx.host.name) : undefined;
  }
  if (queue === 'hold')
    return {
      sentence: 'put on hold (by a header/body check, an access HOLD or postsuper -h)',
      hint: `review with \`postqueue -p\` (marked !) on ${ctx.host.name}; release with postsuper -H ID or delete with postsuper -d ID`,
    };
  if (queue === 'incoming' || queue === 'maildrop')
    return {
      sentence: `not picked up: qmgr/pickup of ${ctx.host.name} are not moving mail`,
      hint: `check \`postfix status\` and the maillog for qmgr/pickup errors on ${ctx.host.name}`,
    };
  if (queue === 'corrupt')
    return {
      sentence: 'unreadable queue files',
      hint: `look at ${'$queue_directory'}/corrupt on ${ctx.host.name} (postcat), then remove them; check the disk and postfix's logs around their time`,
    };
  return undefined;
}

function addListingMetrics(ctx: CheckContext, s: QueueSummary, metrics: Metric[]): void {
  const oldest = oldestOutsideHold(s);
  const ol = oldestLimits(ctx);
  metrics.push({
    label: 'oldest_minutes',
    value: oldest ? Math.max(0, Math.floor(oldest.ageSeconds / 60)) : 0,
    unit: '',
    warn: ol.warn,
    crit: ol.crit,
    min: 0,
  });
  metrics.push({ label: 'recipients', value: s.recipients, unit: '', min: 0 });
  metrics.push({ label: 'size', value: s.totalBytes, unit: 'B', min: 0 });
}

function oldestOutsideHold(s: QueueSummary) {
  return (['maildrop', 'incoming', 'active', 'deferred'] as const)
    .map((n) => s.oldest[n])
    .reduce((a, b) => (!a || (b && b.ageSeconds > a.ageSeconds) ? b : a), undefined);
}

function overviewOf(counts: Counts, s: QueueSummary, q: QueueFacts): string {
  const list = QUEUE_NAMES.filter((n) => counts[n] !== undefined)
    .map((n) => `${counts[n]} ${n}`)
    .join(', ');
  const oldest = s.oldestOverall();
  const corrupt =
    counts.corrupt === undefined ? `; corrupt not counted (${q.queueDirectory}/corrupt not readable)` : '';
  return `${list}${oldest ? `; oldest ${formatAge(oldest.ageSeconds * 1000)}` : ''}; ${Math.round(s.totalBytes / 1024)} KB (${q.command.join(' ')}${q.mailVersion ? `, postfix ${q.mailVersion}` : ''})${corrupt}`;
}

function recordViews(ctx: CheckContext, q: QueueFacts): void {
  if (!q.listing) return;
  const s = q.listing.summary;
  const reasons = s.reasons().slice(0, 5);
  if (reasons.length > 0) {
    ctx.record(
      'delay reasons by next hop (top 5)',
      reasons
        .map(
          (r) => `${r.messages} msgs / ${r.recipients} rcpts  ${r.nextHop || '-'}  ${r.reason}\n    e.g. ${r.example}`,
        )
        .join('\n'),
    );
  }
  for (const view of [['deferred'], ['incoming', 'active']] as const) {
    const grid = s.qshapeOf(view);
    if (grid.total[0]! > 0)
      ctx.record(`qshape ${view.join(' ')} (recipients by domain and age in minutes)`, renderQshape(grid, 10));
  }
}
