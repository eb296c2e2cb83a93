// Which check runs on which host: roles decide, --host and --check narrow.
import { appliesTo, groupOf, type Check } from '../core/check.js';
import type { HostSpec } from '../core/host.js';
import { UserError } from '../core/errors.js';

export interface Selection {
  readonly hosts?: readonly string[]; // host names; empty or absent = all
  readonly checks?: readonly string[]; // check ids or groups ("service", "service/smtp")
}

export interface PlanItem {
  readonly key: string; // check@host
  readonly check: Check;
  readonly host: HostSpec;
}

export function keyOf(checkId: string, hostName: string): string {
  return `${checkId}@${hostName}`;
}

// Host-major order (every check of the first host, then the next), catalogue order within a host.
export function plan(checks: readonly Check[], hosts: readonly HostSpec[], selection: Selection = {}): PlanItem[] {
  const chosenHosts = selectHosts(hosts, selection.hosts ?? []);
  const chosenChecks = selectChecks(checks, selection.checks ?? []);
  const items: PlanItem[] = [];
  for (const host of chosenHosts) {
    for (const check of chosenChecks) {
      if (appliesTo(check, host)) items.push({ key: keyOf(check.id, host.name), check, host });
    }
  }
  return items;
}

function selectHosts(hosts: readonly HostSpec[], wanted: readonly string[]): readonly HostSpec[] {
  if (wanted.length === 0) return hosts;
  const unknown = wanted.filter((name) => !hosts.some((h) => h.name === name));
  if (unknown.length > 0) {
    throw new UserError(
      `unknown host ${list(unknown)}; the config has ${list(hosts.map((h) => h.name)) || 'no hosts'}`,
      'use a host name from `oxdoctor config show`',
    );
  }
  return hosts.filter((h) => wanted.includes(h.name));
}

function selectChecks(checks: readonly Check[], wanted: readonly string[]): readonly Check[] {
  if (wanted.length === 0) return checks;
  const groups = new Set(checks.map((c) => groupOf(c.id)));
  const unknown = wanted.filter((w) => !groups.has(w) && !checks.some((c) => c.id === w));
  if (unknown.length > 0) {
    throw new UserError(
      `unknown check or group ${list(unknown)}; groups are ${list([...groups])}`,
      'list every check id with `oxdoctor checks`',
    );
  }
  return checks.filter((c) => wanted.includes(c.id) || wanted.includes(groupOf(c.id)));
}

function list(names: readonly string[]): string {
  return names.map((n) => `'${n}'`).join(', ');
}
