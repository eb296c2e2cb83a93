// The dashboard in ink-testing-library over a real Runner and model: test checks whose outcomes the
// test sets between sweeps (they stand for checks, not servers), keys written to stdin, frames polled.
import { createElement } from 'react';
import { render } from 'ink-testing-library';
import type { Check } from '../../src/core/check.js';
import type { HostSpec, Role } from '../../src/core/host.js';
import type { Outcome } from '../../src/core/result.js';
import { ok } from '../../src/core/result.js';
import { LocalTransport } from '../../src/transport/local.js';
import { Runner } from '../../src/runner/runner.js';
import { plan } from '../../src/runner/plan.js';
import type { SiteConfig } from '../../src/config/types.js';
import { DashboardModel } from '../../src/tui/dashboard-model.js';
import { App } from '../../src/tui/App.js';
import type { LogFeed } from '../../src/tui/log-feed.js';
import type { UserFeed } from '../../src/tui/user-feed.js';
import type { Size } from '../../src/tui/use-terminal-size.js';

export const KEY = {
  down: '\u001b[B',
  up: '\u001b[A',
  enter: '\r',
  esc: '\u001b',
  ctrlC: '\u0003',
  backspace: '\u007f',
} as const;

export interface Harness {
  readonly outcomes: Map<string, Outcome>; // check@host -> what the test check returns next
  readonly model: DashboardModel;
  readonly runner: Runner;
  frame(): string;
  renders(): number; // frames Ink has written so far
  press(...keys: string[]): Promise<void>;
  waitFor(predicate: (frame: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  sweeps(): number;
  close(): void;
}

export function host(name: string, roles: Role[] = ['relay']): HostSpec {
  return { name, roles, transport: { kind: 'local' } };
}

function site(hosts: HostSpec[]): SiteConfig {
  return {
    source: 'test',
    site: 'Test site',
    defaults: { timeoutMs: 5000, concurrency: 16, perHostConcurrency: 6, refreshSeconds: 600 },
    hosts,
    endpoints: {},
    thresholds: {},
  };
}

export interface HarnessOptions {
  readonly checks: readonly string[]; // ids; every check applies to every host
  readonly hosts: readonly HostSpec[];
  readonly outcomes?: Record<string, Outcome>;
  readonly size?: Size;
  readonly delayMs?: (key: string) => number; // how long a check takes
  readonly logs?: LogFeed; // the log pane's model, fed by the test
  readonly user?: UserFeed; // the user view's model
}

export async function startHarness(o: HarnessOptions): Promise<Harness> {
  const outcomes = new Map(Object.entries(o.outcomes ?? {}));
  const checks: Check[] = o.checks.map((id) => ({
    id,
    title: `the ${id} check`,
    roles: 'all',
    proves: 'nothing: a test check',
    async run(ctx) {
      const key = `${id}@${ctx.host.name}`;
      const delay = o.delayMs?.(key) ?? 0;
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      return outcomes.get(key) ?? ok(`${id} fine on ${ctx.host.name}`);
    },
  }));
  const hosts = [...o.hosts];
  const runner = new Runner({ site: site(hosts), transportFor: (h) => new LocalTransport(h.name) });
  const model = new DashboardModel({ refreshSeconds: 600, batchMs: 20 });
  model.setActivity('connecting', 'Test site');
  const size = o.size ?? { columns: 100, rows: 30 };
  const feeds = { ...(o.logs ? { logs: o.logs } : {}), ...(o.user ? { user: o.user } : {}) };
  const ink = render(createElement(App, { model, color: false, size, ...feeds }));
  model.attach(runner, plan(checks, hosts));
  const frame = (): string => ink.lastFrame() ?? '';
  const waitFor = async (predicate: (f: string) => boolean, what: string, timeoutMs = 3000): Promise<string> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const f = frame();
      if (predicate(f)) return f;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}; last frame:\n${f}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const h: Harness = {
    outcomes,
    model,
    runner,
    frame,
    renders: () => ink.frames.length,
    waitFor,
    sweeps: () => runner.store.getSnapshot().sweep.number,
    // Each key is written on its own and given a moment, as a person types.
    press: async (...keys) => {
      for (const k of keys) {
        ink.stdin.write(k);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () => {
      model.stop();
      ink.unmount();
      ink.cleanup();
    },
  };
  await h.waitFor((f) => /sweep #1 \d+s ago/.test(f), 'the first sweep');
  return h;
}

// The line the cursor is on (the overview marks it with '>').
export function selectedLine(frame: string): string | undefined {
  return frame.split('\n').find((l) => l.startsWith('>'));
}
