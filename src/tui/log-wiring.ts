// The log pane's stream and trace bound to the dashboard's hosts: the merged live stream of every selected host
// (src/logs/live-stream.ts) and, for `t`, the trace across them (src/trace), rendered as text. Loaded on use.
import type { Redactor } from '../core/redact.js';
import type { SiteConfig } from '../core/site.js';
import type { Transport } from '../core/transport.js';
import type { HostLogs } from '../logs/discover.js';
import type { LogLine } from '../logs/types.js';
import type { OpenLogStream, RunTrace } from './log-feed.js';

export interface LogHost {
  readonly host: string;
  readonly transport: Transport;
}

// How far back `t` searches from the line's time: as `oxdoctor trace`'s default --since.
export const TRACE_LOOKBACK_MS = 24 * 3600_000;

const DASHBOARD_POLL_MS = 250;

export interface LogWiring {
  readonly open: OpenLogStream;
  readonly trace: RunTrace;
}

// Lines and trace text pass the redactor as `logs` output does: a host's log may carry a secret oxdoctor resolved.
export function logWiring(site: SiteConfig, hosts: readonly LogHost[], redactor: Redactor): LogWiring {
  let found: readonly HostLogs[] = [];
  const open: OpenLogStream = async (onBatch, onError, onOffset) => {
    const { openLiveStream } = await import('../logs/live-stream.js');
    // The dashboard follows for as long as it runs: slower polls than `logs -f` halve the readers' cost on the hosts.
    const redacted = (lines: readonly LogLine[]) => onBatch(lines.map((l) => redactor.redactDeep(l)));
    const stream = await openLiveStream(hosts, redacted, { onError, onOffset, pollMs: DASHBOARD_POLL_MS });
    found = stream.hosts;
    return stream;
  };
  const trace: RunTrace = async (query, { signal, onProgress }) => {
    const [{ collectTrace }, { HostAddressBook, renderTraceText }] = await Promise.all([
      import('../trace/collect.js'),
      import('../trace/index.js'),
    ]);
    // The sources the stream found on each host; the address book (from the config) names the hand-offs' hosts.
    const inputs = found.flatMap((logs) => {
      const h = hosts.find((x) => x.host === logs.host);
      return h ? [{ host: h.host, transport: h.transport, logs, addresses: [] }] : [];
    });
    if (inputs.length === 0) throw new Error('no host has log sources to search yet');
    const since = (query.time ?? Date.now()) - TRACE_LOOKBACK_MS;
    const { host: _from, time: _at, ...ids } = query;
    const result = await collectTrace(
      inputs,
      { ...ids, since },
      { signal, onProgress, book: HostAddressBook.fromSite(site) },
    );
    return redactor.redact(renderTraceText(result, { color: false }).replace(/\n$/, ''));
  };
  return { open, trace };
}
