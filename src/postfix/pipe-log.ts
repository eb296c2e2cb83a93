// What the maillog says about mail a pipe(8) content filter took: delivered to the pipe (status=sent), then
// either handed back into postfix (a new queue id with the same Message-ID: its cleanup line) or never seen
// again. The re-injected copy's cleanup line comes within a second or two of the pipe's "sent" (msmtp on the
// lab logs it a second after; sendmail's pickup may take longer), so deliveries younger than a grace period
// are not judged yet.
import { syslogTime } from '../cron/cron-log.js';

export interface PipeLogDump {
  readonly nowWallMs: number; // the host's wall clock when read (NaN when `date` failed)
  readonly logPath: string | null; // null: no maillog found
  readonly fromWallMs?: number; // the first line read: nothing before it is judged
  readonly tailed: boolean; // only the end of the file was read
  // Pipe lines: the newest per queue id the pipe has not delivered, the delivered ones that did not come back,
  // and per relay the newest that did.
  readonly lines: readonly string[];
  readonly reinjected: ReadonlyMap<string, number>; // per relay, delivered queue ids that came back
  readonly twins: ReadonlyMap<string, { readonly count: number; readonly messageId: string }>; // per queue id
  readonly submitterErrors: readonly string[]; // the newest sSMTP / msmtp / postdrop / sendmail complaints
}

export interface PipeDelivery {
  readonly queueId: string;
  readonly relay: string;
  readonly wallMs: number;
  readonly status: string; // sent, deferred, bounced ...
  readonly detail: string; // the text in parentheses after status=
  readonly line: string;
}

const PIPE = /postfix[^\s[]*\/pipe\[\d+\]: ([0-9A-Za-z]+): .*?\brelay=([^,\s]+),.*?\bstatus=(\S+)(?: \((.*)\))?\s*$/;

export function parsePipeLine(line: string, nowWallMs: number): PipeDelivery | null {
  const m = PIPE.exec(line);
  const wallMs = syslogTime(line, nowWallMs);
  if (!m || wallMs === undefined) return null;
  return { queueId: m[1]!, relay: m[2]!, status: m[3]!, detail: m[4] ?? '', wallMs, line };
}

export function parsePipeLogDump(stdout: string): PipeLogDump {
  let nowWallMs = NaN;
  let logPath: string | null = null;
  let first: string | undefined;
  let tailed = false;
  const lines: string[] = [];
  const twins = new Map<string, { count: number; messageId: string }>();
  const submitterErrors: string[] = [];
  const reinjected = new Map<string, number>();
  for (const line of stdout.split('\n')) {
    if (line.startsWith('@@now ')) {
      const c = /^@@now (\d+) ([+-])(\d{2})(\d{2})/.exec(line);
      if (c) nowWallMs = Number(c[1]) * 1000 + (c[2] === '-' ? -1 : 1) * (Number(c[3]) * 60 + Number(c[4])) * 60_000;
    } else if (line.startsWith('@@log ')) {
      const m = /^@@log (\d) (.*)$/.exec(line);
      tailed = m?.[1] === '1';
      logPath = m?.[2] ?? null;
    } else if (line.startsWith('@@first ')) first = line.slice(8);
    else if (line.startsWith('@@mid ')) {
      const m = /^@@mid (\S+) (\d+) ?(.*)$/.exec(line);
      if (m) twins.set(m[1]!, { count: Number(m[2]), messageId: m[3] ?? '' });
    } else if (line.startsWith('@@back ')) {
      const m = /^@@back (\S+) (\d+)$/.exec(line);
      if (m) reinjected.set(m[1]!, Number(m[2]));
    } else if (line.startsWith('@@err ')) submitterErrors.push(line.slice(6));
    else if (line !== '') lines.push(line);
  }
  const from = first === undefined || Number.isNaN(nowWallMs) ? undefined : syslogTime(first, nowWallMs);
  return {
    nowWallMs,
    logPath,
    tailed,
    lines,
    twins,
    reinjected,
    submitterErrors,
    ...(from !== undefined ? { fromWallMs: from } : {}),
  };
}

export interface PipeFate {
  readonly relay: string;
  readonly delivered: number; // queue ids the pipe took (status=sent)
  readonly reinjected: number; // of those, seen again in postfix
  readonly lost: readonly PipeDelivery[]; // delivered, old enough, and never seen again
  readonly pending: number; // delivered within the grace period, not judged yet
  readonly unjudged: number; // no Message-ID known (its cleanup line is before the part read)
  readonly deferred: readonly PipeDelivery[]; // queue ids whose newest pipe attempt was deferred
  readonly bounced: readonly PipeDelivery[];
  // The newest delivery that was judged was lost: the loss goes on.
  readonly ongoing: boolean;
}

export const REINJECTION_GRACE_MS = 60_000;

// Per relay (pipe service name), what became of the mail it took.
export function pipeFate(dump: PipeLogDump, relay: string, graceMs = REINJECTION_GRACE_MS): PipeFate {
  const newest = new Map<string, PipeDelivery>(); // per queue id, its newest pipe line
  const sent = new Map<string, PipeDelivery>();
  for (const line of dump.lines) {
    const d = parsePipeLine(line, dump.nowWallMs);
    if (!d || d.relay !== relay) continue;
    const known = newest.get(d.queueId);
    if (!known || d.wallMs >= known.wallMs) newest.set(d.queueId, d);
    if (d.status === 'sent') sent.set(d.queueId, d);
  }
  const lost: PipeDelivery[] = [];
  const reinjected = dump.reinjected.get(relay) ?? 0;
  let pending = 0;
  let unjudged = 0;
  let newestJudged: { wallMs: number; lost: boolean } | undefined;
  for (const d of sent.values()) {
    const twin = dump.twins.get(d.queueId);
    let isLost: boolean;
    if (!twin || twin.messageId === '') {
      unjudged++;
      continue;
    } else if (twin.count >= 2) {
      isLost = false; // counted by the extraction; its newest line is here for the time
    } else if (!(dump.nowWallMs - d.wallMs >= graceMs)) {
      pending++;
      continue;
    } else {
      lost.push(d);
      isLost = true;
    }
    if (!newestJudged || d.wallMs >= newestJudged.wallMs) newestJudged = { wallMs: d.wallMs, lost: isLost };
  }
  const last = [...newest.values()];
  return {
    relay,
    delivered: lost.length + pending + unjudged + reinjected,
    reinjected,
    lost: lost.sort((a, b) => a.wallMs - b.wallMs),
    pending,
    unjudged,
    deferred: last.filter((d) => d.status === 'deferred'),
    bounced: last.filter((d) => d.status === 'bounced'),
    ongoing: newestJudged?.lost ?? false,
  };
}
