// What collecting one host needs: its name and transport, the site, the sink, the run's signal.
import type { SiteConfig } from '../../core/site.js';
import type { ExecResult, Transport } from '../../core/transport.js';
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
  readonly limit: Limiter; // the host's slots for remote reads and commands
}

export type Limiter = <T>(work: () => Promise<T>) => Promise<T>;

// At most n pieces of work at once; the rest wait in order. Only leaf operations take a slot (a piece of work
// holding one never waits for another), so it cannot deadlock.
export function limiter(n: number): Limiter {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (running < n) running++;
    else await new Promise<void>((go) => waiting.push(go)); // the slot is handed over as it is
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

// The run's signal and an item's own timeout together; timedOut() tells which fired.
export function itemSignal(ctx: HostContext, timeoutMs: number): { signal: AbortSignal; timedOut: () => boolean } {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, timeout]) : timeout;
  return { signal, timedOut: () => timeout.aborted };
}

// A command on the host bounded twice: its own timeout (from its start) and a signal from now, which also
// covers the wait for a channel on a connection that stopped answering.
export async function runBounded(
  ctx: Pick<HostContext, 'transport' | 'signal'>,
  argv: readonly string[],
  timeoutMs: number,
  what: string,
): Promise<ExecResult> {
  const timeout = AbortSignal.timeout(timeoutMs + 2_000);
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, timeout]) : timeout;
  const r = await ctx.transport.exec(argv, { timeoutMs, signal, maxOutputBytes: 4 * 1024 * 1024 });
  if (r.timedOut || timeout.aborted) throw new Error(`${what} timed out after ${timeoutMs} ms`);
  if (r.cancelled) throw new Error(`${what} was cancelled`);
  return r;
}
