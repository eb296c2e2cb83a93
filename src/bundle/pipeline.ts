// One collected item on its way into the archive: redacted line by line, then (with --obfuscate) obfuscated,
// as one stream for TarGzWriter.addStream. Both stages hold a chunk of whole lines at a time.
import type { Readable } from 'node:stream';
import { obfuscateStream, type Obfuscator } from './obfuscate.js';
import type { BundleRedactor } from './redact/redactor.js';
import { redactStream } from './redact/stream.js';
import type { RedactionSummary, Subject } from './redact/types.js';

export interface SafeStream {
  readonly stream: Readable;
  // What redaction did, complete once the stream has ended.
  summary(): RedactionSummary;
}

export function safeStream(
  source: Readable,
  subject: Subject,
  redactor: BundleRedactor,
  obfuscator?: Obfuscator,
): SafeStream {
  const item = redactor.forItem(subject);
  const redacted = source.pipe(redactStream(item));
  source.on('error', (e) => redacted.destroy(e));
  if (!obfuscator) return { stream: redacted, summary: () => item.summary() };
  const obfuscated = redacted.pipe(obfuscateStream(obfuscator));
  redacted.on('error', (e) => obfuscated.destroy(e));
  return { stream: obfuscated, summary: () => item.summary() };
}

// An entry's name in the archive: redacted like everything else, then obfuscated with the rest.
export function safeName(name: string, redactor: BundleRedactor, obfuscator?: Obfuscator): string {
  const redacted = redactor.redactText(name, { kind: 'text', name: 'entry name' }).text;
  return obfuscator ? obfuscator.text(redacted) : redacted;
}
