// A real CheckContext for check tests: the given transport (default: this machine), a small site,
// memoised facts that a test may pre-seed (e.g. a cyrus.conf pointing at the test's own daemons).
import type { SiteConfig } from '../../src/config/types.js';
import type { HostSpec } from '../../src/core/host.js';
import { makeContext as runnerContext, type CollectingContext } from '../../src/runner/context.js';
import { FactsMemo } from '../../src/runner/facts-memo.js';
import { LocalTransport } from '../../src/transport/local.js';
import type { Transport } from '../../src/transport/types.js';

export interface TestContextOptions {
  readonly transport?: Transport;
  readonly site?: Partial<SiteConfig>;
  readonly host?: Partial<HostSpec>;
  readonly facts?: Readonly<Record<string, unknown>>; // fact key -> value, as if computed earlier in the sweep
  readonly timeoutMs?: number; // the check's deadline from now; default 10 s
}

export function makeContext(options: TestContextOptions = {}): CollectingContext {
  const host: HostSpec = {
    name: 'testhost',
    roles: ['relay', 'groupware', 'archive'],
    transport: { kind: 'local' },
    ...options.host,
  };
  const site: SiteConfig = {
    source: 'test',
    site: 'test',
    defaults: { timeoutMs: 10_000, concurrency: 8, perHostConcurrency: 4, refreshSeconds: 30 },
    hosts: [host],
    endpoints: {},
    thresholds: {},
    ...options.site,
  };
  const facts = new FactsMemo();
  for (const [key, value] of Object.entries(options.facts ?? {})) void facts.get(key, async () => value);
  const timeoutMs = options.timeoutMs ?? 10_000;
  return runnerContext({
    host,
    transport: options.transport ?? new LocalTransport(host.name),
    site,
    facts,
    signal: AbortSignal.timeout(timeoutMs),
    deadline: Date.now() + timeoutMs,
    now: Date.now,
  });
}
