// What `oxdoctor user --send` reports: each marked test message, each copy of it, the time of each hop and where a
// copy stopped. Built by src/user/send/ (sendAndFollow); printed by the user report's renderers and the dashboard.
import type { Status } from '../../core/status.js';

export type CopyName = 'inbox' | 'archive' | 'sent';

export interface SendHop {
  readonly host: string;
  readonly at: string; // ISO time of the log line (clock offset corrected)
  readonly step: string; // "relay: received from exchange", "amavis: Passed CLEAN", "servera: lmtp delivered" ...
}

export interface SendCopy {
  readonly name: CopyName;
  readonly where: string; // "INBOX of test1001 on servera", "archive on serverb", "Sent Items of test1001 on serverb"
  readonly status: Status; // ok: seen in the mailbox; crit: stopped or not seen in time
  readonly seconds?: number; // from submission until seen in the mailbox
  readonly stoppedAt?: string; // the hop where it stopped, with the cause: "deferred on relay: connect to ...:10024"
  readonly hops: readonly SendHop[];
}

export interface SentMessage {
  readonly via: 'relay' | 'user'; // to the relay's :25 as Exchange would; as the user on server A's :25 (SMTP AUTH)
  readonly messageId: string;
  readonly submitted: string; // ISO time
  readonly queueId?: string; // the first host's queue id
  readonly copies: readonly SendCopy[];
}

export interface SendReport {
  readonly messages: readonly SentMessage[];
  readonly status: Status;
  readonly summary: string; // one sentence: all copies arrived in N s, or where the first one stopped
  readonly deleted: number; // test messages removed from mailboxes afterwards (0 with --keep)
  readonly kept: boolean;
  readonly durationMs: number;
}
