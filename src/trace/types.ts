// What `oxdoctor trace` asks and answers: one message followed across the hosts' logs, hop by hop, and where
// each recipient's copy ended.
import type { LogLine } from '../logs/types.js';

export interface TraceQuery {
  readonly queueId?: string;
  readonly messageId?: string; // without its <>
  readonly address?: string;
  readonly since?: number; // epoch ms
  readonly until?: number; // epoch ms; also the "now" a lost hand-off is measured against
}

export type EndState = 'delivered' | 'deferred' | 'bounced' | 'rejected' | 'queued' | 'lost';

export interface TraceHop {
  readonly host: string;
  readonly time?: number;
  readonly queueId?: string;
  readonly step: string; // "relay smtp: to <a> -> servera 127.0.10.2:10025"
  readonly status?: string; // "sent (250 2.0.0 Ok: queued as X)", "deferred (...)"
  readonly delayMs?: number; // postfix's delay= on a delivery line
  readonly sincePreviousMs?: number;
  readonly line: LogLine;
}

export interface RecipientEnd {
  readonly recipient: string;
  readonly state: EndState;
  readonly host: string; // where the trail ends (for lost: the host that has no line)
  readonly detail: string;
  readonly time?: number;
  readonly queueId?: string; // the queue id on `host` where the trail ends (deferred, queued: still there?)
  // Deferred and queued ends, as the host's queue says now (collectTrace asks): which queue holds the message
  // ("deferred", "active", "hold", ... or "gone") and, in the deferred queue, when postfix tries again.
  readonly queue?: string;
  readonly nextAttempt?: number;
}

export interface MessageTrace {
  readonly messageId?: string;
  readonly from?: string;
  readonly firstSeen?: number;
  readonly hops: readonly TraceHop[];
  readonly ends: readonly RecipientEnd[];
}

export interface TraceResult {
  readonly query: TraceQuery;
  readonly messages: readonly MessageTrace[];
  readonly exitCode: 0 | 1 | 2 | 3;
}
