// The bundle's redactor: one per bundle run. It holds the known secret values (given, and learned from the
// format rules as items pass), and hands each item a line redactor with the rules that apply to it.
import { ItemRedactor } from './item-redactor.js';
import { KnownValues, toLatin1 } from './known-values.js';
import { REDACTION_RULES } from './rules.js';
import type { RedactionRule, RedactionSummary, Subject } from './types.js';

export interface BundleRedactorOptions {
  readonly knownSecrets?: Iterable<string>;
  readonly rules?: readonly RedactionRule[];
  readonly maxRecordsPerItem?: number;
  // Values the rules find are searched for in every later item (default true).
  readonly learn?: boolean;
}

export class BundleRedactor {
  private readonly known = new KnownValues();
  private readonly rules: readonly RedactionRule[];

  constructor(private readonly options: BundleRedactorOptions = {}) {
    this.rules = options.rules ?? REDACTION_RULES;
    for (const s of options.knownSecrets ?? []) this.known.add(s);
  }

  addSecret(value: string): void {
    this.known.add(value);
  }

  // The rules for one subject: those whose scope matches it; for a file, the fallback rules only when no
  // rule of a known format applies.
  rulesFor(subject: Subject): RedactionRule[] {
    const matching = this.rules.filter((r) => r.scope[subject.kind]?.test(subject.name) ?? false);
    const formatKnown = subject.kind === 'file' && matching.some((r) => r.format);
    return formatKnown ? matching.filter((r) => !r.fallback) : matching;
  }

  forItem(subject: Subject): ItemRedactor {
    return new ItemRedactor(this.rulesFor(subject), this.known, {
      maxRecords: this.options.maxRecordsPerItem,
      learn: this.options.learn === false ? undefined : (v) => this.known.add(v),
    });
  }

  // A whole text at once: entry names, the manifest, oxdoctor's own log and output.
  redactText(text: string, subject: Subject = { kind: 'text', name: 'text' }): RedactedText {
    const item = this.forItem(subject);
    const out = item.block(toLatin1(text));
    return { text: Buffer.from(out, 'latin1').toString('utf8'), summary: item.summary() };
  }
}

export interface RedactedText {
  readonly text: string;
  readonly summary: RedactionSummary;
}
