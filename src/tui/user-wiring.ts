// The user view's run bound to the dashboard: runUser (src/user/run.ts, loaded on first use) over the dashboard's
// site and connections, and what comes back (report, progress, errors) through the redactor, as the log pane's
// lines are. The dashboard never asks for a password: a send takes the relay's path only.
import type { Check } from '../core/check.js';
import type { HostSpec } from '../core/host.js';
import type { Redactor } from '../core/redact.js';
import type { SiteConfig } from '../core/site.js';
import type { Transport } from '../core/transport.js';
import type { RunUserView } from './user-feed.js';
import { redactReport } from './user-redact.js';

export interface UserWiringInput {
  readonly site: SiteConfig; // completed by the dashboard's session (roles known)
  readonly transportFor: (host: HostSpec) => Transport;
  readonly catalogue: readonly Check[];
  readonly redactor: Redactor;
  readonly hosts?: readonly string[]; // the dashboard's --host
  readonly timeoutMs?: number; // each check's deadline (--timeout)
}

export function userWiring(input: UserWiringInput): RunUserView {
  const { redactor } = input;
  return async (query, { send, signal, onProgress }) => {
    try {
      const { runUser } = await import('../user/run.js');
      const report = await runUser({
        site: input.site,
        transportFor: input.transportFor,
        catalogue: input.catalogue,
        query,
        signal,
        redactor,
        onProgress: (text) => onProgress(redactor.redact(text)),
        ...(send ? { send: { keep: false } } : {}), // the test messages are deleted once followed
        ...(input.hosts && input.hosts.length > 0 ? { hosts: input.hosts } : {}),
        ...(input.timeoutMs !== undefined ? { timeoutMs: input.timeoutMs } : {}),
      });
      return redactReport(report, redactor);
    } catch (err) {
      // Not the error itself as its cause: its message is the unredacted one.
      // eslint-disable-next-line preserve-caught-error
      throw new Error(redactor.redact(err instanceof Error ? err.message : String(err)));
    }
  };
}
