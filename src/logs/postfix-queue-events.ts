// Lines about one queue file that are not key=value lists: the smtp client's remote replies and connection
// trouble, bounce's notifications (a new queue id), and the queue manager's and postsuper's file events.
import type { Classified } from './postfix-delivery.js';
import { addReply } from './postfix-fields.js';
import { type MessageShape, matchShapes, PEER } from './postfix-patterns.js';

const SHAPES: readonly MessageShape[] = [
  {
    re: new RegExp(`^host ${PEER} said: (.*)$`, 's'),
    kind: 'reply',
    level: 'warn',
    groups: ['host', 'reply'],
  },
  {
    re: new RegExp(`^host ${PEER} refused to talk to me: (.*)$`, 's'),
    kind: 'reply',
    level: 'warn',
    groups: ['host', 'reply'],
  },
  {
    re: new RegExp(`^connect to ${PEER}: (.*)$`),
    kind: 'connect-failed',
    level: 'warn',
    groups: ['host', 'reason'],
  },
  {
    re: new RegExp(`^lost connection with ${PEER} while (.*)$`),
    kind: 'lost-connection',
    level: 'warn',
    groups: ['host', 'stage'],
  },
  {
    re: new RegExp(`^conversation with ${PEER} timed out while (.*)$`),
    kind: 'timeout',
    level: 'warn',
    groups: ['host', 'stage'],
  },
  {
    re: new RegExp(`^SASL authentication failed; server ${PEER} said: (.*)$`),
    kind: 'auth-failed',
    level: 'warn',
    groups: ['server', 'reply'],
  },
  { re: new RegExp(`^enabling PIX workarounds: (.*) for ${PEER}$`), kind: 'pix-workaround', groups: ['text', 'host'] },
  {
    re: /^(sender|postmaster) (non-delivery|delivery status|delay|success) notification: (\S+)$/,
    kind: 'notification',
    groups: ['notify', 'notification', 'queued_as'],
  },
  // local(8) handing a recipient to mailbox_transport / fallback_transport (server A: to cyrus over lmtp)
  { re: /^passing <([^>]*)> to transport=(\S+)$/, kind: 'passing', groups: ['to', 'transport'] },
  { re: /^removed$/, kind: 'removed', groups: [] },
  { re: /^requeued$/, kind: 'requeued', groups: [] },
  { re: /^placed on hold$/, kind: 'hold', groups: [] },
  { re: /^released from hold$/, kind: 'released', groups: [] },
  { re: /^expired$/, kind: 'expired', level: 'error', groups: [] },
  { re: /^skipped, still being delivered$/, kind: 'skipped', groups: [] },
];

// "... (in reply to RCPT TO command)" ends a remote reply: the command goes apart (found without backtracking).
const IN_REPLY_TO = / \(in reply to ([^()]*) command\)$/;

export function parseQueueEvent(rest: string): Classified | undefined {
  const c = matchShapes(SHAPES, rest);
  const reply = c?.kind === 'reply' ? c.fields.reply : undefined;
  const m = reply === undefined ? null : IN_REPLY_TO.exec(reply);
  if (c && reply !== undefined && m) {
    c.fields.in_reply_to = m[1]!;
    addReply(c.fields, reply.slice(0, m.index));
  }
  return c;
}
