// The queued messages that are the user's: to any of its addresses (only those recipients kept) or from one.
import type { QueuedMessage, QueuedRecipient, QueueName } from '../../postfix/queue-types.js';
import type { AddressOwner } from './user-address.js';

export interface UserQueued {
  readonly queueId: string;
  readonly queueName: QueueName;
  readonly ageSeconds: number;
  readonly sender: string;
  readonly toUser: readonly QueuedRecipient[]; // the user's recipients of the message; [] when only from it
  readonly fromUser: boolean;
  readonly recipients: number; // all recipients of the message
  readonly reason?: string; // the delay reason of a user's recipient, or (sent by the user) of any recipient
}

export function userQueued(messages: readonly QueuedMessage[], owns: AddressOwner, nowSeconds: number): UserQueued[] {
  const out: UserQueued[] = [];
  for (const m of messages) {
    const toUser = m.recipients.filter((r) => owns(r.address));
    const fromUser = m.sender !== '' && owns(m.sender);
    if (toUser.length === 0 && !fromUser) continue;
    const reason =
      toUser.find((r) => r.delayReason)?.delayReason ?? m.recipients.find((r) => r.delayReason)?.delayReason;
    out.push({
      queueId: m.queueId,
      queueName: m.queueName,
      ageSeconds: Math.max(0, nowSeconds - m.arrivalTime),
      sender: m.sender,
      toUser,
      fromUser,
      recipients: m.recipients.length,
      ...(reason === undefined ? {} : { reason }),
    });
  }
  return out.sort((a, b) => b.ageSeconds - a.ageSeconds);
}
