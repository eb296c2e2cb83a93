// The key=value lines of a queued message: smtpd's client=, pickup's uid=, cleanup's message-id=, qmgr's from=
// (queue active, or expired), and every delivery agent's to=... status= line (smtp, lmtp, local, virtual, pipe,
// error, discard, and verify's probes).
import type { LogLevel } from './types.js';
import { type Fields, parseKeyValueList } from './postfix-fields.js';

export interface Classified {
  readonly kind: string;
  readonly level?: LogLevel;
  readonly fields: Fields;
}

const STATUS_KIND: Readonly<Record<string, string>> = {
  sent: 'delivered',
  deferred: 'deferred',
  bounced: 'bounced',
  expired: 'expired',
  'force-expired': 'expired',
  deliverable: 'deliverable',
  undeliverable: 'undeliverable',
  'undeliverable-but-not-cached': 'undeliverable',
};

const STATUS_LEVEL: Readonly<Record<string, LogLevel>> = {
  deferred: 'warn',
  bounced: 'error',
  expired: 'error',
  undeliverable: 'error',
};

// message-id= takes the rest of the line: ids that are not <...> (RFC 2047 junk, spaces) are logged as sent.
function messageId(rest: string): Classified | undefined {
  const m = /^(message-id|resent-message-id)=(.*)$/s.exec(rest);
  if (!m) return undefined;
  const v = m[2]!.trim();
  const id = v.startsWith('<') && v.endsWith('>') ? v.slice(1, -1) : v;
  return { kind: m[1]!, fields: { [m[1]!]: id } };
}

export function parseKeyValueMessage(rest: string): Classified | undefined {
  if (!/^[a-z_-]+=/.test(rest)) return undefined;
  const mid = messageId(rest);
  if (mid) return mid;
  const fields: Fields = {};
  const after = parseKeyValueList(rest, fields);
  if (fields.status !== undefined) {
    const kind = STATUS_KIND[fields.status] ?? fields.status;
    // qmgr: "from=<a>, status=expired, returned to sender"
    if (after.startsWith('returned to sender')) fields.status_text = after;
    return { kind, level: STATUS_LEVEL[kind], fields };
  }
  if (fields.to !== undefined) return undefined; // a delivery line without a status: not a form postfix writes
  if (fields.uid !== undefined) return { kind: 'pickup', fields };
  if (fields.client !== undefined) return { kind: 'client', fields };
  if (fields.from !== undefined) {
    const q = /^ ?\(queue (\w+)\)/.exec(after);
    if (q) fields.queue = q[1]!;
    return { kind: 'from', fields };
  }
  return undefined;
}
