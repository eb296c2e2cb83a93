// Parse, run, and map every error to a message and an exit code (0-3). One top-level catch.
import { CommanderError } from 'commander';
import { buildProgram, type Outcome } from './program.js';
import { describeError } from './errors.js';
import { processIO, say, type CliIO } from './io.js';

export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const outcome: Outcome = { exitCode: 0 };
  const program = buildProgram(io, outcome);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return outcome.exitCode;
  } catch (err) {
    // commander already printed its one-line message; --help and --version exit 0, usage errors 3.
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 3;
    const { message, exitCode } = describeError(err, argv.includes('--verbose'));
    say(io, message);
    return exitCode;
  }
}
