// The contract of a check: what it declares and what it gets to run with.
import type { Role, HostSpec } from './host.js';
import type { Outcome } from './result.js';
import type { Transport, ExecOptions, ExecResult } from './transport.js';
import type { SiteConfig } from './site.js';

export interface Facts {
  // Computed once per host per sweep and shared by every check that asks.
  get<T>(key: string, compute: () => Promise<T>): Promise<T>;
}

export interface CheckContext {
  readonly host: HostSpec;
  readonly transport: Transport;
  readonly site: SiteConfig;
  readonly facts: Facts;
  readonly signal: AbortSignal; // aborted at the check's deadline
  readonly deadline: number; // epoch ms
  // Runs argv on the host and records the command and its output as evidence.
  exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  // Adds evidence that survives even if the check later times out.
  record(label: string, text: string): void;
  // Another configured host of this site, for checks that decide across hosts (e.g. whether a hand-off's
  // receiver accepts it): its facts and transport of this sweep; its commands are this check's evidence.
  // undefined for a name the site does not configure, or where the runner offers no peers (unit tests).
  peer?(name: string): PeerContext | undefined;
}

export type PeerContext = Pick<CheckContext, 'host' | 'transport' | 'facts' | 'exec' | 'record'>;

// Something a host must have for a check to mean anything there (postfix configured, cyrus in use). The
// runner asks before run(): when it is missing, its UNKNOWN (one line, with the hint) is the check's result.
export interface Requirement {
  readonly name: string;
  missing(ctx: CheckContext): Promise<Outcome | null>; // null: present
}

export interface Check {
  readonly id: string; // "group/name", stable once shipped
  readonly title: string;
  readonly roles: readonly Role[] | 'all';
  readonly proves: string;
  // The failure modes of the component this check covers: each one it turns non-OK (shown by a test of its own
  // that quotes the text), and each one it does not see, with where to look instead.
  readonly catches?: readonly string[];
  readonly misses?: readonly string[];
  readonly timeoutMs?: number;
  readonly requires?: readonly Requirement[];
  run(ctx: CheckContext): Promise<Outcome>;
}

export function groupOf(checkId: string): string {
  const slash = checkId.indexOf('/');
  return slash === -1 ? checkId : checkId.slice(0, slash);
}

export function appliesTo(check: Check, host: HostSpec): boolean {
  return check.roles === 'all' || check.roles.some((r) => host.roles.includes(r));
}
