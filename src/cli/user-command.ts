// The options of `oxdoctor user`; the command's module loads only when it runs.
import { Command, Option } from 'commander';
import { globalsOf } from './global-options.js';
import { USER_HELP_AFTER } from './help-text.js';
import type { CliIO } from './io.js';
import { list } from './parse-options.js';

type Act = (fn: () => Promise<number>) => Promise<void>;
type Configure = (cmd: Command, helpPointer: string) => void;

interface UserFlags {
  host?: string[];
  send?: boolean;
  keep?: boolean;
  passwordStdin?: boolean;
  format: 'text' | 'json';
}

export function addUserCommand(program: Command, io: CliIO, act: Act, configure: Configure): void {
  const user = program
    .command('user')
    .description("one user end to end: AD, every host's routing, Kerberos, mailbox, sieve, OX; --send follows mail")
    .argument('<login-or-address>', 'an AD login (sAMAccountName), UPN or mail address')
    .option('--host <host>', 'only this host (repeatable, or comma-separated)', list('a host name'))
    .option('--send', 'WRITES: send marked test messages through the flow, follow them, delete them afterwards')
    .option('--keep', 'with --send: leave the test messages in the mailboxes')
    .option('--password-stdin', "read the user's password from stdin (asked on a terminal): real logins too")
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText('after', USER_HELP_AFTER);
  configure(user, 'oxdoctor user --help');
  user.action((query: string, opts: UserFlags, cmd: Command) =>
    act(async () => {
      if (/[\r\n\0]/.test(query) || query.trim() === '' || query.length > 1024) {
        return cmd.error(
          "argument '<login-or-address>': one login or address, without CR, LF or NUL, up to 1024 characters",
          {
            exitCode: 3,
          },
        );
      }
      if (opts.keep && !opts.send) return cmd.error('--keep needs --send', { exitCode: 3 });
      const { runUserCommand } = await import('./commands/user.js');
      return runUserCommand(
        {
          query: query.trim(),
          host: opts.host ?? [],
          send: opts.send === true,
          keep: opts.keep === true,
          passwordStdin: opts.passwordStdin === true,
          format: opts.format,
        },
        globalsOf(cmd.optsWithGlobals()),
        io,
      );
    }),
  );
}
