// The seed's amavis re-injection listener (127.0.0.1:10025 on the relay) and how a service differs from it.
import { splitList } from './main-cf.js';

export const REINJECTION_PORT = 10025;

// The seed's -o set, in its order. '' means "explicitly empty".
export const SEED_REINJECTION_OPTIONS: ReadonlyArray<readonly [name: string, value: string]> = [
  ['local_recipient_maps', ''],
  ['relay_recipient_maps', ''],
  ['smtpd_restriction_classes', ''],
  ['smtpd_delay_reject', 'no'],
  ['smtpd_client_restrictions', 'permit_mynetworks,reject'],
  ['smtpd_helo_restrictions', ''],
  ['smtpd_sender_restrictions', ''],
  ['smtpd_recipient_restrictions', 'permit_mynetworks,reject'],
  ['mynetworks_style', 'host'],
  ['mynetworks', '127.0.0.0/8'],
];

// Built-in defaults of those parameters (postfix 2.3 and 3.x agree on these), for a service that sets neither
// an -o nor a main.cf value. Missing here: the default depends on the version, so it counts as different.
const DEFAULTS: Readonly<Record<string, string>> = {
  relay_recipient_maps: '',
  smtpd_restriction_classes: '',
  smtpd_delay_reject: 'yes',
  smtpd_client_restrictions: '',
  smtpd_helo_restrictions: '',
  smtpd_sender_restrictions: '',
};

export interface OptionDrift {
  readonly name: string;
  readonly expected: string;
  readonly actual: string | undefined; // undefined: left at a version-dependent default
}

// The seed options whose value in force differs; `value` gives override-or-main.cf, undefined when unset.
export function driftFromSeed(value: (name: string) => string | undefined): OptionDrift[] {
  const drift: OptionDrift[] = [];
  for (const [name, expected] of SEED_REINJECTION_OPTIONS) {
    const set = value(name);
    const actual = set ?? DEFAULTS[name];
    if (actual === undefined || normalise(actual) !== normalise(expected)) drift.push({ name, expected, actual });
  }
  return drift;
}

function normalise(value: string): string {
  return splitList(value).join(',').toLowerCase();
}

export function describeDrift(d: OptionDrift): string {
  const actual = d.actual === undefined ? 'left at its default' : d.actual === '' ? 'empty' : `"${d.actual}"`;
  return `${d.name} ${actual} (seed: ${d.expected === '' ? 'empty' : `"${d.expected}"`})`;
}
