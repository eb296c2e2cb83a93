// What `oxdoctor user` reports: the verdict (one sentence per problem, in the order mail and logins travel, each
// with its fix), the path as hops with their statuses, and each hop's results (probes and catalogue checks) with
// their evidence. Text, JSON and the dashboard's user view all print this one value.
import type { Result } from '../core/result.js';
import type { Status } from '../core/status.js';
import type { UserIdentity } from './identity.js';
import type { SendReport } from './send/types.js';

// The stages of the path, in the order mail and logins travel.
export type HopStage =
  | 'directory' // AD: the entry, its addresses, class, account state, the forwarding contact
  | 'inbound' // the relay: maps, amavis/clamd, the archive BCC, the hand-off to server A or Exchange
  | 'delivery' // server A: maps, LMTP, the mailbox, the sender BCC to B
  | 'archive' // server B: the archive copy and copyfix/copycleanup to Sent Items
  | 'login' // Kerberos and the IMAP logins
  | 'groupware' // OX: listuser against AD, the sync that covers the user
  | 'activity' // queues and logs: waiting mail, last deliveries and logins, failed logins
  | 'send'; // --send: the test messages, copy by copy

export interface UserHop {
  readonly id: string; // unique in the report, e.g. "inbound@relay", "login", "send"
  readonly stage: HopStage;
  readonly title: string; // "relay: Exchange -> OX", "server A: delivery" ...
  readonly host?: string;
  readonly status: Status;
  readonly summary: string; // the worst result's sentence, or what was proven
  readonly results: readonly Result[];
}

export interface Problem {
  readonly hop: string; // UserHop.id
  readonly host?: string;
  readonly check: string; // the result's check id
  readonly status: Status;
  readonly sentence: string;
  readonly fix?: string;
}

export interface UserReport {
  readonly query: string;
  readonly identity: UserIdentity;
  readonly login?: string;
  readonly addresses: readonly string[];
  readonly verdict: readonly Problem[]; // empty: all OK
  readonly hops: readonly UserHop[];
  readonly send?: SendReport;
  readonly status: Status;
  readonly exitCode: 0 | 1 | 2 | 3;
  readonly startedAt: string;
  readonly durationMs: number;
}
