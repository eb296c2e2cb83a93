// Commands of the contract (ARCHITECTURE section 2) that are not built yet: declared with their
// arguments and options so help is already right; `finish` gives each its action.
import type { Command } from 'commander';

type OptionSpec = readonly [flags: string, description: string];

const FUTURE: ReadonlyArray<{ name: string; argument?: string; description: string; options: readonly OptionSpec[] }> =
  [];

export function addFutureCommands(
  program: Command,
  finish: (cmd: Command, name: string) => void,
  only?: readonly string[], // these, in the contract's order among the built commands
): void {
  for (const spec of FUTURE.filter((s) => !only || only.includes(s.name))) {
    const cmd = program.command(spec.name).description(spec.description);
    if (spec.argument) cmd.argument(spec.argument);
    for (const [flags, text] of spec.options) cmd.option(flags, text);
    finish(cmd, spec.name);
  }
}
