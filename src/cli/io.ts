// Where the CLI writes, and the environment it reads: passed in so tests and the TUI can swap them.
import type { Writable } from 'node:stream';
import { redactor, type Redactor } from '../core/redact.js';

export interface CliIO {
  readonly stdout: Writable & { readonly isTTY?: boolean; readonly columns?: number; readonly rows?: number };
  readonly stderr: Writable & { readonly isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly redactor: Redactor;
}

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, redactor };
}

// One line (or a few) to stderr, masked.
export function say(io: CliIO, text: string): void {
  io.stderr.write(io.redactor.redact(text.endsWith('\n') ? text : `${text}\n`));
}

// "oxdoctor: HOST: what went wrong" for an error of one host, without saying the host twice.
export function sayHostError(io: CliIO, host: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  say(io, `oxdoctor: ${host}: ${message.startsWith(`${host}: `) ? message.slice(host.length + 2) : message}`);
}
