// The rules of a syslog configuration, in order: filters and what they do with a matching message.
import type { SelectorMasks } from './syslog-selector.js';

export type Filter =
  | { readonly kind: 'all' }
  | { readonly kind: 'selector'; readonly masks: SelectorMasks; readonly text: string }
  | { readonly kind: 'program'; readonly op: string; readonly value: string; readonly negate: boolean }
  | { readonly kind: 'unknown'; readonly text: string }; // a condition oxdoctor does not evaluate: never matches

export type Statement =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'stop' }
  | { readonly kind: 'other'; readonly text: string } // users, remote hosts, pipes, dynamic files
  | { readonly kind: 'rule'; readonly filter: Filter; readonly body: Statement[] };

export interface SyslogConfig {
  readonly statements: readonly Statement[];
  readonly warnings: readonly string[]; // what was skipped, for the user to see
}
