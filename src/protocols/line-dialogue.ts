// Line protocols as data: a list of expect/send steps run over one connection
// (blackbox_exporter style). Used by SMTP, LMTP, IMAP, ManageSieve and clamd.
import type { Connection } from './session.js';
import type { Transcript } from './transcript.js';
import { ProbeError, type ProbeFailure } from './types.js';

export interface SendStep {
  readonly send: string; // command word(s), e.g. "EHLO"
  readonly args?: readonly string[];
  readonly secret?: boolean; // args are masked in the transcript
}

export interface ExpectStep {
  readonly name: string; // key of the lines in the result
  readonly expect: RegExp; // the last line of the reply must match
  readonly until?: RegExp; // read lines until one matches (default: one line)
  readonly describe: string; // "a 220 greeting", for messages
  readonly failure?: ProbeFailure; // when the reply does not match; default protocol-error
  readonly optional?: boolean; // a failure here (e.g. at QUIT) does not fail the dialogue
}

export type DialogueStep = SendStep | ExpectStep;

export interface DialogueFormat {
  readonly terminator?: '\n' | '\0'; // how server lines end (clamd z-commands use NUL)
  readonly lineEnding?: string; // what we append to our lines; default CRLF
}

export type Replies = Readonly<Record<string, readonly string[]>>;

// Raised before anything is sent: an argument would smuggle in a second command.
export class UnsafeArgumentError extends TypeError {
  override readonly name = 'UnsafeArgumentError';
}

export async function runDialogue(
  conn: Connection,
  transcript: Transcript,
  steps: readonly DialogueStep[],
  format: DialogueFormat = {},
): Promise<Replies> {
  const replies: Record<string, string[]> = {};
  for (const step of steps) {
    if ('send' in step) {
      const { wire, shown } = commandLine(step, format.lineEnding ?? '\r\n');
      await conn.write(wire, shown);
      continue;
    }
    try {
      replies[step.name] = await readReply(conn, transcript, step, format.terminator ?? '\n');
    } catch (err) {
      if (!step.optional) throw err;
      transcript.note(`no proper answer to the closing step (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  return replies;
}

export function commandLine(step: SendStep, lineEnding: string): { wire: string; shown: string } {
  const parts = [step.send, ...(step.args ?? [])];
  for (const part of parts) {
    if (/[\r\n\0]/.test(part)) {
      throw new UnsafeArgumentError(
        `refusing to send ${JSON.stringify(step.send)}: an argument contains CR, LF or NUL`,
      );
    }
  }
  const line = parts.join(' ');
  const shown = step.secret ? [step.send, ...(step.args ?? []).map(() => '********')].join(' ') : line;
  return { wire: line + lineEnding, shown };
}

async function readReply(conn: Connection, transcript: Transcript, step: ExpectStep, terminator: '\n' | '\0') {
  const lines: string[] = [];
  for (;;) {
    const line = await conn.reader.line(terminator, step.describe);
    transcript.server(line);
    lines.push(line);
    if (!step.until || step.until.test(line)) break;
  }
  const last = lines[lines.length - 1] ?? '';
  if (!step.expect.test(last)) {
    throw new ProbeError(step.failure ?? 'protocol-error', `expected ${step.describe}, got ${JSON.stringify(last)}`);
  }
  return lines;
}
