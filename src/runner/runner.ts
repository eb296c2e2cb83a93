// Runs a plan: gates each host's connection, limits concurrency globally and per host,
// redacts every result, and writes progress into the store.
import type { HostSpec } from '../core/host.js';
import type { Result } from '../core/result.js';
import { overall } from '../core/result.js';
import { exitCode, type Status } from '../core/status.js';
import { TransportError, messageOf } from '../core/errors.js';
import { redactor as defaultRedactor, type Redactor } from '../core/redact.js';
import type { SiteConfig } from '../config/types.js';
import type { Transport } from '../transport/types.js';
import { Durations } from './durations.js';
import { FactsMemo } from './facts-memo.js';
import { failedTransport } from './failed-transport.js';
import { HostGate } from './host-gate.js';
import { gatedTransport } from './gated-transport.js';
import { peerTransport } from './peer-transport.js';
import { runCheck, type PeerInput } from './run-check.js';
import { Semaphore } from '../core/semaphore.js';
import { Store } from './store.js';
import type { PlanItem } from './plan.js';

// The check that establishes (and reports on) a host's connection.
export const CONNECT_CHECK_ID = 'host/ssh';

export interface RunnerOptions {
  readonly site: SiteConfig;
  readonly transportFor: (host: HostSpec) => Transport;
  readonly store?: Store;
  readonly redactor?: Redactor;
  readonly concurrency?: number; // default site.defaults.concurrency
  readonly perHostConcurrency?: number; // default site.defaults.perHostConcurrency
  // --timeout: every check's deadline, and the budget of a whole sweep (connects and waits for slots
  // included), so a run ends on time whatever the hosts do.
  readonly timeoutMs?: number;
  // Hosts already found unreachable in this run (by config discovery): their connection is not retried.
  readonly unreachable?: ReadonlyMap<string, unknown>;
  readonly now?: () => number;
  // Durations of earlier sweeps: the slowest checks start first. Default: this runner's own history.
  readonly durations?: Durations;
}

export interface SweepReport {
  readonly number: number;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly results: readonly Result[]; // in plan order
  readonly status: Status;
  readonly exitCode: 0 | 1 | 2 | 3;
}

export interface SweepOptions {
  // Where the --timeout budget counts from (the CLI's start, so role discovery counts too); default now.
  readonly since?: number;
}

// A check gets at least this long, even when the budget is nearly spent: enough to report, not to hang.
const LAST_CHANCE_MS = 50;
// The connect gives up this much before its check's deadline, so host/ssh reports the connect timeout
// itself rather than its own deadline.
const CONNECT_MARGIN_MS = 100;

interface HostRun {
  readonly gate: HostGate;
  readonly transport: Transport;
  readonly facts: FactsMemo;
  readonly slots: Semaphore;
}

export class Runner {
  readonly store: Store;
  private readonly redactor: Redactor;
  private readonly now: () => number;
  private inFlight?: Promise<SweepReport>;
  readonly durations: Durations;

  constructor(private readonly options: RunnerOptions) {
    this.now = options.now ?? Date.now;
    this.durations = options.durations ?? new Durations();
    this.store = options.store ?? new Store(this.now);
    this.redactor = options.redactor ?? defaultRedactor;
  }

  // Single flight: asked again while a sweep runs, it returns the running sweep.
  sweep(items: readonly PlanItem[], options: SweepOptions = {}): Promise<SweepReport> {
    this.inFlight ??= this.runSweep(items, options).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  get running(): boolean {
    return this.inFlight !== undefined;
  }

  private async runSweep(items: readonly PlanItem[], options: SweepOptions): Promise<SweepReport> {
    const { site } = this.options;
    const started = this.now();
    const budget = this.options.timeoutMs;
    const since = options.since ?? started;
    const sweepDeadline = budget === undefined ? Infinity : since + budget;
    const number = this.store.beginSweep(
      items.map((i) => ({ key: i.key, check: i.check.id, host: i.host.name, title: i.check.title })),
    );
    const global = new Semaphore(this.options.concurrency ?? site.defaults.concurrency);
    const hosts = new Map<string, HostRun>();
    const hostRun = (host: HostSpec): HostRun => {
      let run = hosts.get(host.name);
      if (!run) hosts.set(host.name, (run = this.openHost(host, items, sweepDeadline)));
      return run;
    };

    const peers = (name: string): PeerInput | undefined => {
      const spec = site.hosts.find((h) => h.name === name);
      if (!spec) return undefined;
      const run = hostRun(spec);
      return { host: spec, transport: peerTransport(run.transport, run.gate), facts: run.facts };
    };

    // Started slowest-first (slots are granted in the order asked), reported in plan order.
    const byKey = new Map<string, Result>();
    await Promise.all(
      this.durations.order(items).map(async (item) => {
        const result = this.redactor.redactDeep(
          await this.runItem(item, hostRun(item.host), global, { since, deadline: sweepDeadline }, peers),
        );
        this.store.complete(item.key, result);
        if (!result.timedOut) this.durations.record(item.key, result.durationMs);
        byKey.set(item.key, result);
      }),
    );
    const results = items.map((i) => byKey.get(i.key)!);
    this.store.finishSweep();
    const status = overall(results);
    return {
      number,
      startedAt: new Date(started).toISOString(),
      durationMs: this.now() - started,
      results,
      status,
      exitCode: exitCode(status),
    };
  }

  // Per host and per sweep: the connection gate, the transport checks see, the facts, the slots.
  private openHost(host: HostSpec, items: readonly PlanItem[], sweepDeadline: number): HostRun {
    let inner: Transport;
    let knownFailure = this.options.unreachable?.get(host.name);
    try {
      inner = this.options.transportFor(host);
    } catch (err) {
      ({ transport: inner, error: knownFailure } = failedTransport(host.name, err));
    }
    const connectMs = Math.min(this.connectTimeoutMs(items, host), sweepDeadline - this.now() - CONNECT_MARGIN_MS);
    const gate = new HostGate(inner, Math.max(LAST_CHANCE_MS, connectMs), knownFailure);
    const perHost = this.options.perHostConcurrency ?? this.options.site.defaults.perHostConcurrency;
    return { gate, transport: gatedTransport(inner, gate), facts: new FactsMemo(), slots: new Semaphore(perHost) };
  }

  private async runItem(
    item: PlanItem,
    host: HostRun,
    global: Semaphore,
    sweep: { readonly since: number; readonly deadline: number },
    peers: (name: string) => PeerInput | undefined,
  ): Promise<Result> {
    const sweepDeadline = sweep.deadline;
    if (item.check.id !== CONNECT_CHECK_ID) {
      // Waiting for the connection holds no slot, so a dead host delays nobody else.
      const state = await host.gate.open();
      if (!state.open && state.error instanceof TransportError) return this.notRun(item, state.error);
    }
    // Host slot first, then global: a check waiting for its host never sits on a global slot.
    const releaseHost = await host.slots.acquire();
    const releaseGlobal = await global.acquire();
    try {
      this.store.markRunning(item.key);
      // host/ssh counts from its connect attempt when that began for this run (ahead of the sweep); a
      // connection made in an earlier sweep (the dashboard's refreshes) is not this sweep's time.
      const attempt = item.check.id === CONNECT_CHECK_ID ? host.transport.info().connectStartedAt : undefined;
      const connectStartedAt = attempt !== undefined && attempt >= sweep.since ? attempt : undefined;
      return await runCheck({
        ...(connectStartedAt !== undefined ? { startedAt: connectStartedAt } : {}),
        check: item.check,
        host: item.host,
        transport: host.transport,
        site: this.options.site,
        facts: host.facts,
        peers,
        timeoutMs: Math.max(LAST_CHANCE_MS, Math.min(this.timeoutOf(item), sweepDeadline - this.now())),
        statedTimeoutMs: this.timeoutOf(item),
        now: this.now,
      });
    } finally {
      releaseGlobal();
      releaseHost();
    }
  }

  private notRun(item: PlanItem, error: TransportError): Result {
    return {
      check: item.check.id,
      host: item.host.name,
      status: 'unknown',
      summary: `not run: ${item.host.name} unreachable (see ${CONNECT_CHECK_ID})`,
      hint: error.hint ?? `see \`oxdoctor check --host ${item.host.name} --check ${CONNECT_CHECK_ID}\``,
      evidence: [{ label: `connect to ${item.host.name}`, text: messageOf(error) }],
      metrics: [],
      steps: [],
      startedAt: new Date(this.now()).toISOString(),
      durationMs: 0,
      timedOut: false,
    };
  }

  private timeoutOf(item: PlanItem): number {
    return this.options.timeoutMs ?? item.check.timeoutMs ?? this.options.site.defaults.timeoutMs;
  }

  // The connection may take as long as the connect check itself would be allowed.
  private connectTimeoutMs(items: readonly PlanItem[], host: HostSpec): number {
    const connect = items.find((i) => i.host.name === host.name && i.check.id === CONNECT_CHECK_ID);
    if (connect) return this.timeoutOf(connect);
    return this.options.timeoutMs ?? this.options.site.defaults.timeoutMs;
  }
}
