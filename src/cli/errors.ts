// The one place errors become a message and an exit code, classified by who must act.
import { EnvironmentError, UserError, messageOf } from '../core/errors.js';
import { oneLine } from '../reporters/tally.js';

export interface ErrorReport {
  readonly message: string;
  readonly exitCode: 3;
}

export function describeError(err: unknown, verbose: boolean): ErrorReport {
  if (err instanceof UserError) {
    // A config error lists its problems one per line; a one-line error carries its hint along.
    const lines = err.message.split('\n');
    const hint = err.hint && lines.length === 1 ? ` (${oneLine(err.hint)})` : '';
    return { message: `${lines.map((l) => `oxdoctor: ${l}`).join('\n')}${hint}${stack(err, verbose)}`, exitCode: 3 };
  }
  if (err instanceof EnvironmentError) {
    const detail = err.detail ? `\n${err.detail}` : '';
    return { message: `oxdoctor: ${err.message}${detail}${stack(err, verbose)}`, exitCode: 3 };
  }
  return {
    message:
      `oxdoctor: internal error: ${oneLine(messageOf(err))}\n` +
      `This is a bug in oxdoctor. Please report it with the output of the same command run with --verbose.` +
      stack(err, verbose),
    exitCode: 3,
  };
}

function stack(err: unknown, verbose: boolean): string {
  return verbose && err instanceof Error && err.stack ? `\n${err.stack}` : '';
}
