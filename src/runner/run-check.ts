// One run of one check under its deadline. Whatever happens, a Result comes back:
// a deadline is CRIT (timedOut), a lost connection is CRIT, anything else thrown is UNKNOWN (our bug).
import { setMaxListeners } from 'node:events';
import type { Check, CheckContext, Facts } from '../core/check.js';
import type { HostSpec } from '../core/host.js';
import type { Evidence, Outcome, Result } from '../core/result.js';
import { STATUSES } from '../core/status.js';
import { TransportError, messageOf } from '../core/errors.js';
import type { SiteConfig } from '../config/types.js';
import type { Transport } from '../transport/types.js';
import { makeContext } from './context.js';
import { formatDuration } from '../core/time-text.js';
import { clusterRequirements } from '../cluster/standby.js';

export interface RunCheckInput {
  readonly check: Check;
  readonly host: HostSpec;
  readonly transport: Transport;
  readonly site: SiteConfig;
  readonly facts: { forCheck(signal: AbortSignal): Facts }; // the host's facts for this sweep
  // Other hosts of the site, for checks that decide across hosts (undefined: not configured).
  readonly peers?: (name: string) => PeerInput | undefined;
  readonly timeoutMs: number;
  // The deadline as the user set it (--timeout, the check's, the config's), named when it is reached; the
  // check may get less (timeoutMs) when the sweep's --timeout budget is nearly spent.
  readonly statedTimeoutMs?: number;
  readonly now?: () => number;
  // When the work began, if before this call (host/ssh: the connect attempt started ahead of the sweep).
  readonly startedAt?: number;
}

export interface PeerInput {
  readonly host: HostSpec;
  readonly transport: Transport;
  readonly facts: { forCheck(signal: AbortSignal): Facts };
}

class DeadlineReached extends Error {
  override readonly name = 'TimeoutError';
}

export async function runCheck(input: RunCheckInput): Promise<Result> {
  const now = input.now ?? Date.now;
  const started = Math.min(input.startedAt ?? Infinity, now());
  const controller = new AbortController();
  // Each command, file read and probe of the check listens on this signal while it runs; a check that reads a
  // dozen maps at once is normal, not a leak (Node warns on stderr past 10).
  setMaxListeners(256, controller.signal);
  const deadline = now() + input.timeoutMs;
  const ctx = makeContext({
    ...input,
    facts: input.facts.forCheck(controller.signal),
    peers: (name: string) => {
      const peer = input.peers?.(name);
      return peer && { ...peer, facts: peer.facts.forCheck(controller.signal) };
    },
    signal: controller.signal,
    deadline,
    now,
  });

  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const reason = new DeadlineReached(
        `no answer within ${formatDuration(input.statedTimeoutMs ?? input.timeoutMs)}`,
      );
      // Settle first: a check rejecting synchronously on abort must not win the race.
      reject(reason);
      controller.abort(reason);
    }, input.timeoutMs);
  });

  let outcome: Outcome;
  let timedOut = false;
  // Evidence is copied when the run ends, so a check still running past its deadline changes nothing.
  let evidence: Evidence[];
  try {
    const run = Promise.resolve().then(() => runWithRequirements(input.check, ctx));
    run.catch(() => undefined); // it may reject after the deadline has already decided
    const returned = await Promise.race([run, expired]);
    evidence = [...ctx.evidence];
    outcome = validOutcome(returned) ?? internalError(input.check, 'run() returned no valid outcome');
    timedOut = outcome.timedOut === true;
  } catch (err) {
    evidence = [...ctx.evidence];
    const deadlineReached =
      err instanceof DeadlineReached
        ? err
        : controller.signal.reason instanceof DeadlineReached
          ? controller.signal.reason
          : null;
    if (deadlineReached) {
      timedOut = true;
      outcome = {
        status: 'crit',
        summary: deadlineReached.message,
        hint: `the probe got no answer before its deadline; the service or ${input.host.name} may hang (raise the deadline with --timeout MS)`,
      };
    } else if (err instanceof TransportError) {
      outcome = { status: 'crit', summary: `${input.host.name} unreachable: ${err.message}`, hint: err.hint };
      timedOut = err.kind === 'connect-timeout';
    } else {
      outcome = internalError(input.check, messageOf(err));
      if (err instanceof Error && err.stack) evidence.push({ label: 'stack', text: err.stack });
    }
  } finally {
    clearTimeout(timer);
  }

  const hint = hintFor(outcome);
  return {
    check: input.check.id,
    host: input.host.name,
    status: outcome.status,
    summary: oneLine(outcome.summary),
    ...(hint !== undefined ? { hint: oneLine(hint) } : {}),
    evidence: [...evidence, ...(outcome.evidence ?? [])],
    metrics: outcome.metrics ?? [],
    steps: outcome.steps ?? [],
    startedAt: new Date(started).toISOString(),
    durationMs: Math.max(0, now() - started),
    timedOut,
  };
}

// The check's requirements, in order, under the same deadline as the check: the first missing one answers. On a
// cluster node, a check of what the cluster starts first asks whether this node holds the VIP (src/cluster).
async function runWithRequirements(check: Check, ctx: CheckContext): Promise<Outcome> {
  for (const requirement of [...clusterRequirements(check, ctx.host), ...(check.requires ?? [])]) {
    const missing = await requirement.missing(ctx);
    if (missing) return missing;
  }
  return check.run(ctx);
}

function validOutcome(value: unknown): Outcome | null {
  if (!value || typeof value !== 'object') return null;
  const o = value as Partial<Outcome>;
  if (!STATUSES.includes(o.status as never) || typeof o.summary !== 'string') return null;
  return o as Outcome;
}

function internalError(check: Check, message: string): Outcome {
  return {
    status: 'unknown',
    summary: `internal error in ${check.id}: ${message}`,
    hint: 'this is a bug in oxdoctor: please report it with the output of --verbose',
  };
}

// A result is read on one line of a terminal or a Nagios status: what a check or a server wrote over several
// lines (stderr, a thrown message) joins with "; ".
export function oneLine(text: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join('; ');
}

// Every non-OK result says what to do: the outcome's own hint, else that of its first step of the same status,
// else of any non-OK step.
export function hintFor(outcome: Outcome): string | undefined {
  if (outcome.hint !== undefined || outcome.status === 'ok') return outcome.hint;
  const steps = outcome.steps ?? [];
  return (
    steps.find((s) => s.status === outcome.status && s.hint !== undefined)?.hint ??
    steps.find((s) => s.status !== 'ok' && s.hint !== undefined)?.hint
  );
}
