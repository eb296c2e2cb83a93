// What a check produces, and the helpers checks use to build it.
import { worst, type Status } from './status.js';

// One thing that was run or read, already redacted when it reaches a reporter.
export interface Evidence {
  readonly label: string; // e.g. "$ postconf -n" or "read /etc/imapd.conf" or "S: 220 ..."
  readonly text: string;
}

// A perfdata value; warn/crit use the monitoring-plugins range language.
export interface Metric {
  readonly label: string;
  readonly value: number;
  readonly unit?: '' | 's' | 'ms' | '%' | 'B' | 'KB' | 'MB' | 'GB' | 'c';
  readonly warn?: string;
  readonly crit?: string;
  readonly min?: number;
  readonly max?: number;
}

// A step of a check (connect, greet, login ...), each with its own sentence.
export interface Step {
  readonly name: string;
  readonly status: Status;
  readonly summary: string;
  readonly hint?: string;
}

// What Check.run returns; the runner adds identity, timing and timeout.
export interface Outcome {
  readonly status: Status;
  readonly summary: string;
  readonly hint?: string;
  readonly evidence?: readonly Evidence[];
  readonly metrics?: readonly Metric[];
  readonly steps?: readonly Step[];
  // The check gave up waiting for something of its own (host/ssh's connect timeout), not its deadline.
  readonly timedOut?: boolean;
}

export interface Result extends Outcome {
  readonly check: string;
  readonly host: string;
  readonly evidence: readonly Evidence[];
  readonly metrics: readonly Metric[];
  readonly steps: readonly Step[];
  readonly startedAt: string; // ISO time
  readonly durationMs: number;
  readonly timedOut: boolean;
}

type Extra = Omit<Outcome, 'status' | 'summary'>;

export const ok = (summary: string, extra: Extra = {}): Outcome => ({ status: 'ok', summary, ...extra });
export const warn = (summary: string, extra: Extra = {}): Outcome => ({ status: 'warn', summary, ...extra });
export const crit = (summary: string, extra: Extra = {}): Outcome => ({ status: 'crit', summary, ...extra });
export const unknown = (summary: string, extra: Extra = {}): Outcome => ({ status: 'unknown', summary, ...extra });

// An outcome whose status is the worst of its steps; summary of the first worst step unless given.
export function fromSteps(steps: readonly Step[], extra: Extra & { summary?: string } = {}): Outcome {
  const status = worst(steps.map((s) => s.status));
  const first = steps.find((s) => s.status === status);
  const { summary, ...rest } = extra;
  return {
    status,
    summary: summary ?? first?.summary ?? 'no steps ran',
    hint: rest.hint ?? (status === 'ok' ? undefined : first?.hint),
    steps,
    ...rest,
  };
}

export function overall(results: Iterable<{ status: Status }>): Status {
  return worst(Array.from(results, (r) => r.status));
}
