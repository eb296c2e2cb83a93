// One line of `postqueue -j` (postfix 3.1+): a JSON object per message. Unknown fields are ignored,
// missing optional ones get neutral values; a line that is not such an object gives null.
import { isQueueName, type QueuedMessage, type QueuedRecipient } from './queue-types.js';

export function parseQueueJsonLine(line: string): QueuedMessage | null {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const o = raw as Record<string, unknown>;
  const queueName = typeof o.queue_name === 'string' ? o.queue_name : '';
  const queueId = typeof o.queue_id === 'string' ? o.queue_id : '';
  if (!isQueueName(queueName) || queueId === '') return null;
  return {
    queueName,
    queueId,
    arrivalTime: numberOr(o.arrival_time, 0),
    size: numberOr(o.message_size, 0),
    sender: typeof o.sender === 'string' ? o.sender : '',
    recipients: Array.isArray(o.recipients) ? o.recipients.flatMap(recipient) : [],
    forcedExpire: o.forced_expire === true,
  };
}

function recipient(r: unknown): QueuedRecipient[] {
  if (r === null || typeof r !== 'object') return [];
  const o = r as Record<string, unknown>;
  if (typeof o.address !== 'string') return [];
  return [
    typeof o.delay_reason === 'string' && o.delay_reason !== ''
      ? { address: o.address, delayReason: o.delay_reason }
      : { address: o.address },
  ];
}

function numberOr(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}
