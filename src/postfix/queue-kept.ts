// The queued messages themselves, kept up to a bound beside the summary (which keeps nothing per message), for
// questions about particular addresses: oxdoctor user's messages to or from one user.
import type { QueuedMessage } from './queue-types.js';

export const MAX_KEPT_MESSAGES = 20_000; // ~6 MB; a queue past it is a problem queue/depth reports on its own

export class KeptMessages {
  readonly messages: QueuedMessage[] = [];
  dropped = 0; // messages listed past the bound

  constructor(readonly limit = MAX_KEPT_MESSAGES) {}

  add(m: QueuedMessage): void {
    if (this.messages.length < this.limit) this.messages.push(m);
    else this.dropped++;
  }
}
