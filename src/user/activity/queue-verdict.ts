// What the user's messages in one host's queue mean: a step per group (queue, next hop, reason), WARN while
// mail waits, CRIT when it waited an hour or ten messages wait; mail in transit for under a minute is fine.
import type { Metric, Outcome, Step } from '../../core/result.js';
import { worst, type Status } from '../../core/status.js';
import { formatAge } from '../../core/time-text.js';
import type { NextHop } from '../../postfix/content-filter.js';
import { directionOf, type QueueGroup } from './queue-groups.js';
import { filterAt } from './filter-hops.js';

export const IN_TRANSIT_SECONDS = 60; // active/incoming mail younger than this is on its way
export const CRIT_AGE_SECONDS = 3600; // a user's mail waiting an hour is late: CRIT
export const CRIT_COUNT = 10; // ten of a user's messages stuck alike: CRIT

export interface QueueScene {
  readonly host: string;
  readonly login: string;
  readonly addressCount: number;
  readonly groups: readonly QueueGroup[];
  readonly listed: number; // messages in the listing
  readonly dropped: number; // listed past the kept bound, not searched
  readonly command: string; // "postqueue -j"
  readonly filters: readonly NextHop[];
  // The site's name of a next hop: "Exchange 127.0.10.20:25", "servera 127.0.10.2:25"; and the fix by reason.
  readonly nameHop: (hop: string) => { label: string; known?: string };
  readonly fixOf: (group: QueueGroup, hop: { label: string; known?: string }) => string;
}

export function queueVerdict(s: QueueScene): Outcome {
  const steps = s.groups.map((g) => groupStep(s, g));
  if (s.dropped > 0)
    steps.push({
      name: 'not searched',
      status: 'unknown',
      summary: `${s.host}: only the first ${s.listed - s.dropped} of ${s.listed} queued messages were searched for ${s.login}`,
      hint: `search the rest on ${s.host}: postqueue -p, then look for the user's addresses in it`,
    });
  const count = s.groups.reduce((n, g) => n + g.messages.length, 0);
  const oldest = Math.max(0, ...s.groups.map((g) => g.messages[0]?.ageSeconds ?? 0));
  const metrics: Metric[] = [
    { label: 'messages', value: count, unit: '', min: 0 },
    { label: 'oldest_seconds', value: oldest, unit: 's', min: 0 },
  ];
  const status = worst(steps.map((x) => x.status));
  if (status !== 'ok') {
    const bad = steps.filter((x) => x.status === status);
    const more = steps.filter((x) => x.status !== 'ok').length - 1;
    const first = bad[0]!;
    const summary = more > 0 ? `${first.summary} (${more} more in the steps)` : first.summary;
    return { status, summary, ...(first.hint ? { hint: first.hint } : {}), steps, metrics };
  }
  const searched = `${s.listed} queued messages read with ${s.command}`;
  const summary =
    count === 0
      ? `${s.host}: no message to or from ${s.login} (${s.addressCount} addresses) in the queue (${searched})`
      : `${s.host}: ${steps.map((x) => x.summary.replace(`${s.host}: `, '')).join('; ')} (${searched})`;
  return { status, summary, steps, metrics };
}

function groupStep(s: QueueScene, g: QueueGroup): Step {
  const n = g.messages.length;
  const oldest = g.messages[0]?.ageSeconds ?? 0;
  const what = `${n} ${n === 1 ? 'message' : 'messages'} ${directionOf(g.messages, s.login)}`;
  const age = formatAge(oldest * 1000);
  const ids =
    g.messages
      .slice(0, 3)
      .map((m) => m.queueId)
      .join(', ') + (n > 3 ? ', ...' : '');
  const late: Status = oldest >= CRIT_AGE_SECONDS || n >= CRIT_COUNT ? 'crit' : 'warn';
  const name = `${g.queueName}${g.nextHop ? ` ${g.nextHop}` : ''}`;
  if (g.queueName === 'deferred' || (g.example !== undefined && g.queueName !== 'hold')) {
    const filter = filterAt(s.filters, g.nextHop);
    const hop = s.nameHop(g.nextHop);
    const who = filter
      ? ` (the content filter ${filter.transport}:${filter.nexthop})`
      : hop.known
        ? ` (${hop.label})`
        : '';
    const reason = oneLine(g.example ?? g.reason);
    return {
      name,
      status: late,
      summary: `${s.host}: ${what} deferred for ${age}: ${reason}${who} [${ids}]`,
      hint: filter ? (filterFix(s.host, filter, g.reason) ?? s.fixOf(g, hop)) : s.fixOf(g, hop),
    };
  }
  if (g.queueName === 'hold') {
    const id = g.messages[0]!.queueId;
    return {
      name,
      status: late,
      summary: `${s.host}: ${what} on hold for ${age} [${ids}]`,
      hint: `see why with \`postcat -q ${id}\` on ${s.host} (a header/body check or an access HOLD); release with \`postsuper -H ${id}\``,
    };
  }
  if (g.queueName === 'corrupt')
    return {
      name,
      status: 'crit',
      summary: `${s.host}: ${what} in the corrupt queue [${ids}]`,
      hint: 'postcat them, then remove',
    };
  if (oldest < IN_TRANSIT_SECONDS)
    return { name, status: 'ok', summary: `${s.host}: ${what} in transit (${g.queueName}, ${age}) [${ids}]` };
  return {
    name,
    status: late,
    summary: `${s.host}: ${what} waiting in the ${g.queueName} queue for ${age} with no delay reason [${ids}]`,
    hint: `postfix on ${s.host} does not move mail on: check \`postfix status\`, qmgr and the maillog there`,
  };
}

// A filter that refuses or drops connections is down; a filter that answers with an error is not (diagnose()).
function filterFix(host: string, f: NextHop, reason: string): string | undefined {
  if (!/connection refused|timed out|no route|unreachable|lost connection/i.test(reason)) return undefined;
  const daemon = /amavis/i.test(f.transport) ? 'amavisd (service amavisd start)' : `the filter behind ${f.transport}`;
  return `start ${daemon} on ${host}, listening on ${f.host}:${f.port ?? '?'}; then \`postqueue -f\` on ${host} delivers the waiting mail at once`;
}

function oneLine(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 240 ? `${t.slice(0, 237)}...` : t;
}
