// What collecting one host needs: its name and transport, the site, the sink, the run's signal.
import type { SiteConfig } from '../../core/site.js';
import type { Transport } from '../../core/transport.js';
import type { LogWindow } from './window.js';
import type { BundleSink } from './sink.js';

export interface HostContext {
  readonly host: string;
  readonly transport: Transport;
  readonly site: SiteConfig;
  readonly sink: BundleSink;
  readonly window: LogWindow;
  readonly signal?: AbortSignal;
  readonly copied: Set<string>; // paths already in the archive (/etc/aliases is a file item and a postfix map)
}

// The run's signal and an item's own timeout together; timedOut() tells which fired.
export function itemSignal(ctx: HostContext, timeoutMs: number): { signal: AbortSignal; timedOut: () => boolean } {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, timeout]) : timeout;
  return { signal, timedOut: () => timeout.aborted };
}
