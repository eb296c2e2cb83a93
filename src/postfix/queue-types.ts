// One queued message as both postqueue listings describe it, whatever the postfix version.

export const QUEUE_NAMES = ['maildrop', 'incoming', 'active', 'deferred', 'hold', 'corrupt'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface QueuedRecipient {
  readonly address: string;
  readonly delayReason?: string;
}

export interface QueuedMessage {
  readonly queueName: QueueName;
  readonly queueId: string;
  readonly arrivalTime: number; // epoch seconds, as the host's clock saw it
  readonly size: number; // bytes
  readonly sender: string; // "" for the null sender (MAILER-DAEMON)
  readonly recipients: readonly QueuedRecipient[];
  readonly forcedExpire: boolean;
}

export function isQueueName(name: string): name is QueueName {
  return (QUEUE_NAMES as readonly string[]).includes(name);
}
