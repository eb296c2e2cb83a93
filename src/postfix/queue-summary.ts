// What a queue listing adds up to, accumulated one message at a time (nothing per message is kept):
// counts per queue, oldest message, total size, delay reasons grouped by next hop, and the qshape grids.
import { QshapeGrid, qshapeBucket, qshapeDomain } from './queue-qshape.js';
import { reasonKey } from './queue-reason.js';
import { QUEUE_NAMES, type QueueName, type QueuedMessage } from './queue-types.js';

export interface ReasonGroup {
  readonly nextHop: string;
  readonly reason: string;
  messages: number;
  recipients: number;
  readonly example: string; // the first reason text as postfix wrote it
}

export interface OldestMessage {
  readonly queueId: string;
  readonly queueName: QueueName;
  readonly ageSeconds: number;
}

export const OTHER_REASONS = '(other reasons)';
const MAX_REASON_GROUPS = 1000;

export class QueueSummary {
  readonly counts: Record<QueueName, number> = Object.fromEntries(QUEUE_NAMES.map((q) => [q, 0])) as Record<
    QueueName,
    number
  >;
  readonly oldest: Partial<Record<QueueName, OldestMessage>> = {};
  readonly qshape: Partial<Record<QueueName, QshapeGrid>> = {};
  messages = 0;
  recipients = 0;
  totalBytes = 0;
  forcedExpire = 0;
  private readonly groups = new Map<string, ReasonGroup>();
  // Reason texts repeat (one dead next hop defers thousands alike): parse each distinct text once.
  private readonly keyCache = new Map<string, string>();

  constructor(readonly nowSeconds: number) {}

  add(m: QueuedMessage): void {
    this.messages++;
    this.counts[m.queueName]++;
    this.totalBytes += m.size;
    if (m.forcedExpire) this.forcedExpire++;
    const age = this.nowSeconds - m.arrivalTime;
    const old = this.oldest[m.queueName];
    if (!old || age > old.ageSeconds)
      this.oldest[m.queueName] = { queueId: m.queueId, queueName: m.queueName, ageSeconds: age };
    const grid = (this.qshape[m.queueName] ??= new QshapeGrid());
    const bucket = qshapeBucket(age);
    let seen: ReasonGroup | ReasonGroup[] | undefined; // the groups this message already counted in (usually one)
    for (const r of m.recipients) {
      this.recipients++;
      grid.add(qshapeDomain(r.address), bucket);
      if (r.delayReason === undefined) continue;
      const group = this.group(r.delayReason);
      group.recipients++;
      if (seen === group || (Array.isArray(seen) && seen.includes(group))) continue;
      seen = seen === undefined ? group : Array.isArray(seen) ? [...seen, group] : [seen, group];
      group.messages++;
    }
  }

  // Delay reason groups, most messages first.
  reasons(): ReasonGroup[] {
    return [...this.groups.values()].sort((a, b) => b.messages - a.messages || b.recipients - a.recipients);
  }

  oldestOverall(): OldestMessage | undefined {
    return Object.values(this.oldest).reduce<OldestMessage | undefined>(
      (a, b) => (!a || (b && b.ageSeconds > a.ageSeconds) ? b : a),
      undefined,
    );
  }

  // The grids of the named queues merged (qshape's default view is incoming + active).
  qshapeOf(queues: readonly QueueName[]): QshapeGrid {
    const merged = new QshapeGrid();
    for (const q of queues) {
      const g = this.qshape[q];
      if (g) merged.merge(g);
    }
    return merged;
  }

  private group(raw: string): ReasonGroup {
    let id = this.keyCache.get(raw);
    if (id === undefined) {
      const key = reasonKey(raw);
      id = `${key.nextHop}\n${key.reason}`;
      if (!this.groups.has(id) && this.groups.size >= MAX_REASON_GROUPS) id = `\n${OTHER_REASONS}`;
      if (!this.groups.has(id)) {
        const [nextHop = '', reason = ''] = id.split('\n');
        this.groups.set(id, { nextHop, reason, messages: 0, recipients: 0, example: raw });
      }
      if (this.keyCache.size < MAX_REASON_GROUPS * 10) this.keyCache.set(raw, id);
    }
    return this.groups.get(id)!;
  }
}
