// Commands of the contract (ARCHITECTURE section 2) that are not built yet: declared with their
// arguments and options so help is already right; `finish` gives each its action.
import type { Command } from 'commander';

type OptionSpec = readonly [flags: string, description: string];

const FUTURE: ReadonlyArray<{ name: string; argument?: string; description: string; options: readonly OptionSpec[] }> =
  [
    {
      name: 'user',
      argument: '<login-or-address>',
      description: 'one user end to end (not yet available)',
      options: [
        ['--send', 'send one marked test message through the flow'],
        ['--format <format>', 'text or json'],
      ],
    },
    {
      name: 'logs',
      description: 'maillog and OX logs of all hosts as one stream (not yet available)',
      options: [
        ['--host <host>', 'only this host (repeatable)'],
        ['--source <source>', 'maillog, ox, ...'],
        ['--follow', 'keep following'],
        ['--since <age>', 'e.g. 2h'],
        ['--grep <re>', 'only matching lines'],
        ['--user <user>', 'only lines about this user'],
        ['--queue-id <id>', 'only this queue id'],
      ],
    },
    {
      name: 'trace',
      argument: '<id-or-address>',
      description: 'one message across hosts by queue id, message id or address (not yet available)',
      options: [['--since <age>', 'how far back, e.g. 1d']],
    },
    {
      name: 'bundle',
      description: 'a support bundle from all hosts (not yet available)',
      options: [
        ['--host <host>', 'only this host (repeatable)'],
        ['--since <age>', 'logs since, e.g. 3d'],
        ['--output <file>', 'archive to write'],
        ['--obfuscate', 'replace addresses and names'],
      ],
    },
  ];

export function addFutureCommands(program: Command, finish: (cmd: Command, name: string) => void): void {
  for (const spec of FUTURE) {
    const cmd = program.command(spec.name).description(spec.description);
    if (spec.argument) cmd.argument(spec.argument);
    for (const [flags, text] of spec.options) cmd.option(flags, text);
    finish(cmd, spec.name);
  }
}
