// A message's stay in one postfix queue on one host: every line that names the queue id, from smtpd's client= (or
// pickup) to qmgr's "removed". Short queue ids are reused, so a new client=/pickup after "removed" starts a new
// stay under the same id.
import type { LogLine } from '../logs/types.js';

export interface QueueFile {
  readonly key: string; // "host/QUEUEID#n"
  readonly host: string;
  readonly queueId: string;
  readonly lines: LogLine[]; // in input order (each host's file order)
  messageId?: string;
  from?: string;
  firstTime?: number;
  lastTime?: number;
  removed: boolean;
}

const STARTS = new Set(['client', 'pickup']);

export function groupQueueFiles(lines: readonly LogLine[]): QueueFile[] {
  const open = new Map<string, QueueFile>();
  const counts = new Map<string, number>();
  const out: QueueFile[] = [];
  for (const line of lines) {
    if (line.queueId === undefined) continue;
    const id = `${line.host}/${line.queueId}`;
    let file = open.get(id);
    if (!file || (file.removed && startsAgain(file, line))) {
      const n = (counts.get(id) ?? 0) + 1;
      counts.set(id, n);
      file = { key: `${id}#${n}`, host: line.host, queueId: line.queueId, lines: [], removed: false };
      open.set(id, file);
      out.push(file);
    }
    add(file, line);
  }
  for (const file of out) file.lines.sort(byTimeThenStage);
  return out;
}

// Within one second (RFC 3164 stamps) the stages of a stay keep postfix's order even when the lines were found
// by different searches: client/pickup, cleanup, qmgr, the rest in input order (local's "passing", amavis),
// the delivery agents' status lines, bounce's notice, removed.
const STAGE: Readonly<Record<string, number>> = {
  client: 0,
  pickup: 0,
  'message-id': 1,
  from: 2,
  delivered: 6,
  deferred: 6,
  bounced: 6,
  expired: 6,
  notification: 7,
  removed: 9,
};
const stage = (l: LogLine): number => STAGE[l.kind ?? ''] ?? 5;

function byTimeThenStage(a: LogLine, b: LogLine): number {
  if (a.time === undefined || b.time === undefined) return 0;
  return a.time - b.time || stage(a) - stage(b);
}

function startsAgain(file: QueueFile, line: LogLine): boolean {
  if (STARTS.has(line.kind ?? '')) return true;
  return line.kind === 'message-id' && file.messageId !== undefined;
}

function add(file: QueueFile, line: LogLine): void {
  file.lines.push(line);
  // cleanup's message-id= first; amavis' Message-ID when cleanup's line was not read
  if (file.messageId === undefined && line.fields['message-id']) file.messageId = line.fields['message-id'];
  if (line.kind === 'from' && file.from === undefined) file.from = line.fields.from;
  if (line.kind === 'removed') file.removed = true;
  if (line.time !== undefined) {
    if (file.firstTime === undefined || line.time < file.firstTime) file.firstTime = line.time;
    if (file.lastTime === undefined || line.time > file.lastTime) file.lastTime = line.time;
  }
}

// amavis' scanner trouble names no queue id, only its task id (am_id): such lines of the task that gave a verdict
// on a stay join it (same host, at most AMAVIS_TASK_MS before the verdict).
const AMAVIS_TASK_MS = 10 * 60_000;

// amavisd-new before 2.6 logs no Queue-ID in its verdict: such a verdict joins the stay whose delivery line
// says "queued as" the verdict's queued_as (same host, within AMAVIS_TASK_MS).
export function attachAmavisVerdicts(files: readonly QueueFile[], lines: readonly LogLine[]): void {
  const verdicts = lines.filter(
    (l) => !l.queueId && (l.kind === 'passed' || l.kind === 'blocked') && l.fields.queued_as,
  );
  if (verdicts.length === 0) return;
  // host/queued_as -> the delivery lines that say it, with their stay
  const handing = new Map<string, { file: QueueFile; line: LogLine }[]>();
  for (const file of files) {
    for (const line of file.lines) {
      if (line.kind !== 'delivered' || !line.fields.queued_as) continue;
      const k = `${file.host}/${line.fields.queued_as}`;
      const list = handing.get(k);
      if (list) list.push({ file, line });
      else handing.set(k, [{ file, line }]);
    }
  }
  const near = (a?: number, b?: number): boolean =>
    a === undefined || b === undefined || Math.abs(a - b) <= AMAVIS_TASK_MS;
  for (const v of verdicts) {
    const file = handing.get(`${v.host}/${v.fields.queued_as}`)?.find(({ line }) => near(line.time, v.time))?.file;
    if (!file || file.lines.some((l) => l.fields.am_id === v.fields.am_id && l.kind === v.kind)) continue;
    file.lines.push(v);
    file.lines.sort(byTimeThenStage);
  }
}

export function attachAmavisTrouble(files: readonly QueueFile[], lines: readonly LogLine[]): void {
  const trouble = lines.filter(
    (l) =>
      !l.queueId &&
      l.fields.am_id &&
      (l.level === 'warn' || l.level === 'error') &&
      l.kind !== 'blocked' && // the verdict's short repeat at log level 2
      l.kind !== 'passed',
  );
  if (trouble.length === 0) return;
  const byTask = new Map<string, LogLine[]>();
  for (const l of trouble) {
    const k = `${l.host}/${l.fields.am_id}`;
    const list = byTask.get(k);
    if (list) list.push(l);
    else byTask.set(k, [l]);
  }
  for (const file of files) {
    const verdict = file.lines.find((l) => (l.kind === 'passed' || l.kind === 'blocked') && l.fields.am_id);
    if (!verdict) continue;
    const t = verdict.time;
    const mine = (byTask.get(`${file.host}/${verdict.fields.am_id}`) ?? []).filter(
      (l) => t === undefined || l.time === undefined || (l.time <= t && l.time >= t - AMAVIS_TASK_MS),
    );
    if (mine.length === 0) continue;
    file.lines.push(...mine);
    file.lines.sort(byTimeThenStage);
  }
}
