// Postfix queue ids at the start of a message: short ids are upper-case hex (microseconds and inode), long ids
// (enable_long_queue_ids) are ten or more characters of time in a vowel-free base 52, a 'z', and the inode.
// Bounded lengths keep a hostile 10,000-character word from costing quadratic time.
export const SHORT_QUEUE_ID = '[0-9A-F]{6,24}';
export const LONG_QUEUE_ID = '[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]{10,14}z[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-y]{1,14}';

const LEADING_ID = new RegExp(`^(${LONG_QUEUE_ID}|${SHORT_QUEUE_ID}|NOQUEUE): `);
const WHOLE_ID = new RegExp(`^(?:${LONG_QUEUE_ID}|${SHORT_QUEUE_ID})$`);

export interface QueueIdSplit {
  readonly queueId?: string; // undefined for NOQUEUE and for messages that name no queue file
  readonly noqueue: boolean; // "NOQUEUE: ...": smtpd or postscreen acted before a queue file existed
  readonly rest: string; // the message after "ID: "
}

export function splitQueueId(message: string): QueueIdSplit {
  const m = LEADING_ID.exec(message);
  if (!m) return { noqueue: false, rest: message };
  const rest = message.slice(m[0].length);
  return m[1] === 'NOQUEUE' ? { noqueue: true, rest } : { queueId: m[1]!, noqueue: false, rest };
}

export function isQueueId(text: string): boolean {
  return WHOLE_ID.test(text);
}
