// How what a check ran becomes evidence: the command line and its (shortened) output.
import type { Evidence } from '../core/result.js';
import type { ExecResult } from '../transport/types.js';
import { quoteArgv } from '../transport/quote.js';
import { messageOf } from '../core/errors.js';

export const EVIDENCE_HEAD_CHARS = 3000;
export const EVIDENCE_TAIL_CHARS = 1000;

// Keeps the start and the end of long text: the start says what it is, the end how it ended.
export function shorten(text: string, head = EVIDENCE_HEAD_CHARS, tail = EVIDENCE_TAIL_CHARS): string {
  if (text.length <= head + tail) return text;
  const omitted = text.length - head - tail;
  return `${text.slice(0, head)}\n... ${omitted} characters omitted ...\n${text.slice(text.length - tail)}`;
}

export function commandLabel(argv: readonly string[]): string {
  return `$ ${argv.length === 0 ? '' : quoteArgv(argv)}`;
}

export function execEvidence(result: ExecResult): Evidence {
  const parts: string[] = [];
  if (result.stdout.length > 0) parts.push(shorten(result.stdout.replace(/\n$/, '')));
  if (result.stderr.length > 0) parts.push(`--- stderr ---\n${shorten(result.stderr.replace(/\n$/, ''))}`);
  parts.push(
    `(${outcomeOf(result)}, ${Math.round(result.durationMs)} ms${result.truncated ? ', output truncated' : ''})`,
  );
  return { label: commandLabel(result.argv), text: parts.join('\n') };
}

export function execFailureEvidence(argv: readonly string[], err: unknown): Evidence {
  return { label: commandLabel(argv), text: `(could not run: ${messageOf(err)})` };
}

function outcomeOf(result: ExecResult): string {
  if (result.timedOut) return 'timed out';
  if (result.cancelled) return 'cancelled';
  if (result.code === null) return result.signal ? `killed by ${result.signal}` : 'no exit status';
  return `exit ${result.code}`;
}
