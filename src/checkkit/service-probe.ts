// The service checks as data (blackbox's probe modules): where a service listens, how to probe it, what OK
// means and what to measure. One factory makes service/ajp, mysql, http, imap, lmtp and sieve; the cross-
// cutting work (targets, evidence, failure sentences and hints, combining listeners) lives here once.
import type { Check, CheckContext } from '../core/check.js';
import type { Role } from '../core/host.js';
import { fromSteps, type Metric, type Outcome, type Step } from '../core/result.js';
import type { CyrusListen } from '../cyrus/cyrus-conf.js';
import { oxEndpoints, type OxEndpoints } from '../facts/ox-endpoints.js';
import type { Opener, ProbeOptions, ProbeResult } from '../protocols/types.js';
import { cyrusOpener, cyrusTargets, missingFromConf } from './cyrus-targets.js';
import { listenersOutcome } from './listeners-outcome.js';
import { openerFor, probeStep, remainingMs } from './probe.js';
import { unprobeable } from './unprobeable.js';

// One place to probe: a label for the step, the address as people read it, and how to connect (null: the
// address could not be worked out).
export interface ProbeTarget {
  readonly label: string;
  readonly target: string;
  readonly open: Opener | null;
}

// Where the service listens: the targets, or the outcome when there is nothing to probe.
export type Endpoints = (ctx: CheckContext) => Promise<readonly ProbeTarget[] | Outcome>;

// A probe and what its answer means, for one target.
export interface Probe<T> {
  readonly run: (open: Opener, options: ProbeOptions, ctx: CheckContext) => Promise<ProbeResult<T>>;
  readonly what: string; // "OX AJP connector", for sentences
  readonly service: string; // the daemon the hints name
  readonly ok: (value: T, target: ProbeTarget) => Pick<Step, 'status' | 'summary' | 'hint'>;
  readonly metric?: (value: T) => Metric;
  readonly name?: (target: ProbeTarget) => string; // the step's name; default the target's label
}

export interface ServiceProbeSpec {
  readonly id: string;
  readonly title: string;
  readonly roles: readonly Role[];
  readonly proves: string;
  readonly catches?: readonly string[];
  readonly misses?: readonly string[];
  readonly timeoutMs: number;
  readonly endpoints: Endpoints;
  // One step per target and probe; a custom step for dialogues the generic probe does not cover (LMTP).
  readonly probes: readonly (Probe<never> | CustomStep)[];
  // How the steps become one outcome: "listeners" names them ("all 2 imapd listeners answer ..."), "single"
  // takes the one step as the outcome.
  readonly combine: { readonly kind: 'single' } | { readonly kind: 'listeners'; readonly noun: string };
}

export interface CustomStep {
  readonly step: (ctx: CheckContext, target: ProbeTarget, open: Opener) => Promise<Step>;
}

// Widens a typed probe for the spec's list (the factory only hands each probe its own value back).
export function probe<T>(p: Probe<T>): Probe<never> {
  return p as unknown as Probe<never>;
}

export function serviceProbeCheck(spec: ServiceProbeSpec): Check {
  return {
    id: spec.id,
    title: spec.title,
    roles: spec.roles,
    proves: spec.proves,
    ...(spec.catches ? { catches: spec.catches } : {}),
    ...(spec.misses ? { misses: spec.misses } : {}),
    timeoutMs: spec.timeoutMs,
    async run(ctx) {
      const targets = await spec.endpoints(ctx);
      if (!Array.isArray(targets)) return targets as Outcome;
      const metrics: Metric[] = [];
      const runs = (targets as readonly ProbeTarget[]).flatMap((t) => spec.probes.map((p) => ({ t, p })));
      const steps = await Promise.all(
        runs.map(async ({ t, p }) => {
          if (!t.open) return unprobeable(t.label);
          if ('step' in p) return p.step(ctx, t, t.open);
          const result = await p.run(t.open, { signal: ctx.signal, timeoutMs: remainingMs(ctx) }, ctx);
          if (result.ok && p.metric) metrics.push(p.metric(result.value));
          const name = p.name?.(t) ?? t.label;
          return probeStep(
            ctx,
            { name, what: p.what, service: p.service, target: t.target, ok: (v) => p.ok(v, t) },
            result,
          );
        }),
      );
      const extra = metrics.length > 0 ? { metrics } : {};
      return spec.combine.kind === 'single'
        ? fromSteps(steps, extra)
        : listenersOutcome(spec.combine.noun, steps, extra);
    },
  };
}

// The OX endpoint of this host (ajp, configdb, http) from its own OX and Apache files.
export function oxEndpoint(which: keyof OxEndpoints): Endpoints {
  return async (ctx) => {
    const e = (await oxEndpoints(ctx))[which];
    const target = `${e.host}:${e.port}`;
    return [{ label: target, target, open: openerFor(ctx, e.host, e.port) }];
  };
}

// Every listener cyrus.conf gives a cyrus daemon, with the seed's default when there is no cyrus.conf; the
// daemon missing from a cyrus.conf that exists is the finding.
export interface CyrusDaemon {
  readonly daemon: string; // "imapd"
  readonly matches: (argv: string[]) => boolean;
  readonly fallback: CyrusListen;
  readonly expected: string; // for the finding: "imap on port 143"
  readonly consequence: string; // what breaks without it
  readonly script: string; // sent after the greeting on a unix socket (the bridge closes after it)
}

export function cyrusListeners(d: CyrusDaemon): Endpoints {
  return async (ctx) => {
    const { targets } = await cyrusTargets(ctx, d.matches, d.fallback);
    if (targets.length === 0) return missingFromConf(d.daemon, d.expected, d.consequence);
    return targets.map((t) => ({ label: t.label, target: t.target, open: cyrusOpener(ctx, t.listen, d.script) }));
  };
}
