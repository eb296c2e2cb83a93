// The results of the user's sweep arranged as the path mail and logins travel: hops in order, and the verdict (one
// sentence per problem, in that order, with its fix). Pure.
import type { Outcome, Result } from '../core/result.js';
import type { HostSpec } from '../core/host.js';
import { severity, worst, type Status } from '../core/status.js';
import type { HopStage, Problem, UserHop } from './report.js';

const STAGE_ORDER: readonly HopStage[] = [
  'directory',
  'inbound',
  'delivery',
  'archive',
  'login',
  'groupware',
  'activity',
  'send',
];

// Checks whose stage is not the host's place on the mail path.
const STAGE_OF_CHECK: Readonly<Record<string, HopStage>> = {
  'user/directory': 'directory',
  'identity/kinit': 'login',
  'user/kerberos': 'login',
  'user/logins': 'login',
  'mailbox/imap-login': 'login',
  'mailbox/sieve-script': 'login',
  'service/imap': 'login',
  'service/sieve': 'login',
  'ox/listuser': 'groupware',
  'ox/sync-coverage': 'groupware',
  'ox/ldapsync-log': 'groupware',
  'user/ox': 'groupware',
  'user/queue': 'activity',
  'user/activity': 'activity',
  'user/send': 'send',
};

const ONE_HOP_STAGES = new Set<HopStage>(['directory', 'login', 'groupware', 'activity', 'send']);

const TITLES: Readonly<Record<HopStage, (host?: string) => string>> = {
  directory: () => 'AD: who the user is',
  inbound: (h) => `${h}: mail in from Exchange and the Internet`,
  delivery: (h) => `${h}: delivery to the mailbox`,
  archive: (h) => `${h}: archive copy and Sent Items`,
  login: () => 'logins: Kerberos, IMAP, ManageSieve',
  groupware: () => 'OX: the user in the groupware',
  activity: () => 'queues and logs',
  send: () => 'test messages (--send)',
};

// A cluster's standby node reports its checks as what the active node runs: not a hop of its own.
const STANDBY = /^\S+ is the standby node of cluster /;

export function stageOf(result: Pick<Result, 'check' | 'host'>, hosts: readonly HostSpec[]): HopStage {
  const byCheck = STAGE_OF_CHECK[result.check];
  if (byCheck) return byCheck;
  const roles = hosts.find((h) => h.name === result.host)?.roles ?? [];
  if (roles.includes('relay')) return 'inbound';
  if (roles.includes('archive')) return 'archive';
  return 'delivery';
}

export function arrange(results: readonly Result[], hosts: readonly HostSpec[]): UserHop[] {
  const hostIndex = (name: string) => {
    const i = hosts.findIndex((h) => h.name === name);
    return i === -1 ? hosts.length : i;
  };
  const groups = new Map<string, { stage: HopStage; host?: string; results: Result[] }>();
  for (const r of results) {
    if (STANDBY.test(r.summary)) continue;
    const stage = stageOf(r, hosts);
    const host = ONE_HOP_STAGES.has(stage) ? undefined : r.host;
    const id = host ? `${stage}@${host}` : stage;
    const group = groups.get(id) ?? { stage, ...(host ? { host } : {}), results: [] };
    group.results.push(r);
    groups.set(id, group);
  }
  return [...groups.entries()]
    .sort(([, a], [, b]) => {
      const byStage = STAGE_ORDER.indexOf(a.stage) - STAGE_ORDER.indexOf(b.stage);
      return byStage !== 0 ? byStage : hostIndex(a.host ?? '') - hostIndex(b.host ?? '');
    })
    .map(([id, g]) => hopOf(id, g.stage, g.host, g.results));
}

function hopOf(id: string, stage: HopStage, host: string | undefined, results: Result[]): UserHop {
  const status = worst(results.map((r) => r.status));
  const ordered = [...results].sort((a, b) => severity(b.status) - severity(a.status));
  const probe = results.find((r) => r.check.startsWith('user/'));
  const summary =
    status !== 'ok'
      ? sentenceOf(ordered[0]!, host === undefined)
      : (probe?.summary ?? `${results.length} check${results.length === 1 ? '' : 's'} OK`);
  return { id, stage, title: TITLES[stage](host), ...(host ? { host } : {}), status, summary, results };
}

// The verdict: every non-OK result, hop by hop in path order, the worst first within a hop. The same finding on
// several hosts (kinit refused on every node) is one sentence naming them all.
export function verdictOf(hops: readonly UserHop[]): Problem[] {
  const problems: (Problem & { hosts: string[]; said: string })[] = [];
  for (const hop of hops) {
    const bad = hop.results.filter((r) => r.status !== 'ok').sort((a, b) => severity(b.status) - severity(a.status));
    for (const r of bad) {
      const said = withoutHost(r);
      const same = problems.find((p) => p.check === r.check && p.said === said && p.status === r.status);
      if (same) {
        if (!same.hosts.includes(r.host)) same.hosts.push(r.host);
        continue;
      }
      problems.push({
        hop: hop.id,
        host: r.host,
        hosts: [r.host],
        said,
        check: r.check,
        status: r.status,
        sentence: sentenceOf(r, true),
        ...(r.hint ? { fix: r.hint } : {}),
      });
    }
  }
  return problems.map(({ hosts, said, ...p }) =>
    hosts.length === 1 || said === p.sentence ? p : { ...p, sentence: `${hosts.join(', ')}: ${said}` },
  );
}

// The summary without its leading "host: ", to see the same finding on another host.
function withoutHost(r: Result): string {
  return r.host !== '' && r.summary.startsWith(`${r.host}: `) ? r.summary.slice(r.host.length + 2) : r.summary;
}

// "relay: amavis ..." unless the summary already begins with its host's name.
function sentenceOf(r: Result, withHost: boolean): string {
  if (!withHost || r.host === '' || r.summary.startsWith(`${r.host}`)) return r.summary;
  return `${r.host}: ${r.summary}`;
}

// A result that no check of the runner produced (the directory, the test messages), shaped like one.
export function syntheticResult(check: string, host: string, outcome: Outcome, startedAt: Date, ms: number): Result {
  return {
    check,
    host,
    ...outcome,
    evidence: outcome.evidence ?? [],
    metrics: outcome.metrics ?? [],
    steps: outcome.steps ?? [],
    startedAt: startedAt.toISOString(),
    durationMs: ms,
    timedOut: outcome.timedOut ?? false,
  };
}

export function statusOfHops(hops: readonly UserHop[]): Status {
  return worst(hops.map((h) => h.status));
}
