// The shapes of bundle redaction: what a rule looks like, what it applies to, and what it records.

// Where a line comes from: a copied file, a command's output, a log file, or text oxdoctor writes itself
// (the manifest, entry names, its own log and output).
export type SubjectKind = 'file' | 'command' | 'log' | 'text';

export interface Subject {
  readonly kind: SubjectKind;
  readonly name: string; // the path (file, log), the argv joined by spaces (command), a label (text)
}

// Which subjects a rule applies to: per kind, a pattern the subject's name must match.
export type RuleScope = Readonly<Partial<Record<SubjectKind, RegExp>>>;

interface RuleBase {
  readonly name: string;
  readonly scope: RuleScope;
  // A file format's own rule. A fallback rule applies to a file only when no format rule does, so a key that
  // only looks like a secret in a known format (`access-edit-password = "off"`) is left alone.
  readonly format?: boolean;
  readonly fallback?: boolean;
  // A fast necessary condition: a line the hint does not match cannot hold this rule's secret (or trigger),
  // so most lines of a 1 GiB log are passed over by one combined search.
  readonly hint: RegExp;
}

// A secret inside a line. `re` (global) captures (1) the text kept before the value and (2) the value;
// the rest of the line stays. With `continuation`, indented lines after a match belong to the value
// (postfix's files).
export interface FieldRule extends RuleBase {
  readonly kind: 'field';
  readonly re: RegExp;
  readonly continuation?: boolean;
}

// A secret on the lines after a trigger: the SASL response after `AUTH PLAIN` with no initial response.
// For `lines` lines after `trigger` matched, `re` is applied as a field rule.
export interface FollowRule extends RuleBase {
  readonly kind: 'follow';
  readonly trigger: RegExp;
  readonly re: RegExp;
  readonly lines: number;
}

// Every line from `begin` to `end` masked whole, both included (a PEM private key).
export interface BlockRule extends RuleBase {
  readonly kind: 'block';
  readonly begin: RegExp;
  readonly end: RegExp;
}

export type RedactionRule = FieldRule | FollowRule | BlockRule;

// One redaction, as the manifest records it: never the value.
export interface RedactionRecord {
  readonly line: number; // 1-based
  readonly rule: string;
}

// What an item's redaction did: the count per rule, and the first records (a 1 GiB log can hold millions).
export interface RedactionSummary {
  readonly count: number;
  readonly byRule: Readonly<Record<string, number>>;
  readonly records: readonly RedactionRecord[];
  readonly recordsDropped: number;
}

export const MASK = '********';
