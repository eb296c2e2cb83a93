// What a refused hand-off costs, in the on-call engineer's terms.
import type { Handoff } from '../../../src/postfix/handoffs.js';

export function consequence(h: Handoff, sender: string): string {
  switch (h.kind) {
    case 'relayhost':
      return `every mail ${sender} sends via its relayhost stays deferred in ${sender}'s queue`;
    case 'transport':
      return `mail routed this way${h.via ? ` (${h.via.join(', ')})` : ''} stays deferred in ${sender}'s queue`;
    case 'amavis':
      return `amavisd cannot hand scanned mail back: it tempfails, and mail piles up in ${sender}'s queue (deferred)`;
    case 'content_filter':
      return `mail waiting for the content filter stays deferred in ${sender}'s queue`;
  }
}
