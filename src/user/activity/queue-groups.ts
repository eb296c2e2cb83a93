// The user's queued messages grouped by what holds them: the queue, and for deferred mail the next hop and the
// normalised reason (queue-reason.ts), so three messages refused by one dead filter are one finding.
import { reasonKey } from '../../postfix/queue-reason.js';
import type { QueueName } from '../../postfix/queue-types.js';
import type { UserQueued } from './queue-match.js';

export interface QueueGroup {
  readonly queueName: QueueName;
  readonly nextHop: string; // "" when the reason names none, or no reason
  readonly reason: string; // normalised; "" without a delay reason
  readonly example?: string; // the first reason as postfix wrote it
  readonly messages: readonly UserQueued[]; // oldest first
}

export function groupQueued(items: readonly UserQueued[]): QueueGroup[] {
  const groups = new Map<
    string,
    { queueName: QueueName; nextHop: string; reason: string; example?: string; messages: UserQueued[] }
  >();
  for (const q of items) {
    const key = q.reason === undefined ? { nextHop: '', reason: '' } : reasonKey(q.reason);
    const id = `${q.queueName}\n${key.nextHop}\n${key.reason}`;
    let g = groups.get(id);
    if (!g) {
      g = { queueName: q.queueName, ...key, ...(q.reason === undefined ? {} : { example: q.reason }), messages: [] };
      groups.set(id, g);
    }
    g.messages.push(q);
  }
  // mail for the user before mail from it, then the longest waiting first
  const forUser = (g: { messages: UserQueued[] }): number => (g.messages.some((m) => m.toUser.length > 0) ? 0 : 1);
  const oldest = (g: { messages: UserQueued[] }): number => Math.max(...g.messages.map((m) => m.ageSeconds));
  const ordered = [...groups.values()].sort((a, b) => forUser(a) - forUser(b) || oldest(b) - oldest(a));
  return ordered.map((g) => ({
    ...g,
    messages: [...g.messages].sort((a, b) => b.ageSeconds - a.ageSeconds),
  }));
}

// "to test1001", "from test1001", "to and from test1001" for a group's messages.
export function directionOf(messages: readonly UserQueued[], login: string): string {
  const to = messages.some((m) => m.toUser.length > 0);
  const from = messages.some((m) => m.fromUser);
  return `${to && from ? 'to and from' : to ? 'for' : 'from'} ${login}`;
}
