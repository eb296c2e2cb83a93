// The command line: commander 14 with one-line usage errors (exit 3) and lazily loaded commands.
import { Command, Option } from 'commander';
import { FORMATS, type Format } from '../reporters/types.js';
import { oneLine } from '../reporters/tally.js';
import { CHECK_HELP_AFTER, ROOT_HELP_AFTER } from './help-text.js';
import { globalsOf } from './global-options.js';
import { say, type CliIO } from './io.js';
import { MAX_CONCURRENCY, MAX_DURATION_MS, MAX_DURATION_SECONDS } from '../config/limits.js';
import { list, niceValue, nonEmpty, positiveInt } from './parse-options.js';
import { addFutureCommands } from './future-commands.js';
import { addUserCommand } from './user-command.js';
import { addBundleCommand } from './bundle-command.js';
import { addLogsCommand, addTraceCommand } from './log-commands.js';
import { toolVersion } from './version.js';

export const COMMANDS = ['check', 'checks', 'config', 'user', 'logs', 'trace', 'bundle'] as const;

// Actions report their exit code here; main() reads it after parsing.
export interface Outcome {
  exitCode: number;
}

const milliseconds = positiveInt('milliseconds', MAX_DURATION_MS, 'one hour');
const seconds = positiveInt('seconds', MAX_DURATION_SECONDS, 'one hour');
const checkCount = positiveInt('a number of checks', MAX_CONCURRENCY);

export function buildProgram(io: CliIO, outcome: Outcome): Command {
  const program = new Command('oxdoctor')
    .description('On-call checks for the Open-Xchange + Active Directory + Exchange mail deployment.')
    .version(toolVersion(), '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'show help (also: oxdoctor COMMAND --help)')
    .helpCommand(false)
    .option('--config <file>', 'configuration file (default: see below)', nonEmpty('a file name'))
    .option('--timeout <ms>', 'deadline per check in milliseconds, overriding the defaults', milliseconds)
    .option('--concurrency <n>', 'checks running at once across all hosts', checkCount)
    .option('--no-color', 'no colour, even on a terminal (NO_COLOR works too)')
    .option('--verbose', 'evidence under each problem; stack traces on errors')
    .addHelpText('after', ROOT_HELP_AFTER)
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false });
  configure(program, io, 'oxdoctor --help');

  // Every action reports its exit code; the command module loads only when its command runs.
  const act = async (fn: () => Promise<number>): Promise<void> => {
    outcome.exitCode = await fn();
  };

  const check = addCheckOptions(program.command('check'))
    .description('run the checks and report (the default without a terminal)')
    .addHelpText('after', CHECK_HELP_AFTER);
  check.action((opts: CheckFlags, cmd: Command) =>
    act(async () => {
      const { runCheckCommand } = await import('./commands/check.js');
      return runCheckCommand(checkOptions(opts), globalsOf(cmd.optsWithGlobals()), io);
    }),
  );
  configure(check, io, 'oxdoctor check --help');

  // No command at all: the dashboard on a terminal, `check` elsewhere. Hidden, it only catches
  // what names no command, so a mistyped command gets a clear message.
  const fallback = addCheckOptions(new Command('dashboard'))
    .argument('[words...]')
    .option(
      '--refresh <seconds>',
      "dashboard: sweep again this many seconds after the last one (default: the config's refreshSeconds)",
      seconds,
    )
    .option('--nice <n>', 'dashboard: nice value of its own thread where allowed (default -10)', niceValue);
  program.addCommand(fallback, { isDefault: true, hidden: true });
  configure(fallback, io, 'oxdoctor --help');
  fallback.action((words: string[], opts: CheckFlags, cmd: Command) =>
    act(async () => {
      if (words.length > 0) {
        say(io, `oxdoctor: unknown command '${words[0]}'; commands are ${COMMANDS.join(', ')} (see 'oxdoctor --help')`);
        return 3;
      }
      if (wantsDashboard(io, cmd)) {
        const { runDashboard } = await import('./commands/dashboard.js');
        const { refresh, nice } = opts as CheckFlags & { refresh?: number; nice?: number };
        return runDashboard(
          { ...checkOptions(opts), refreshSeconds: refresh, nice },
          globalsOf(cmd.optsWithGlobals()),
          io,
        );
      }
      const { runCheckCommand } = await import('./commands/check.js');
      return runCheckCommand(checkOptions(opts), globalsOf(cmd.optsWithGlobals()), io);
    }),
  );

  const checks = program
    .command('checks')
    .description('list the checks: id, roles, title and what each proves')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'));
  configure(checks, io, 'oxdoctor checks --help');
  checks.action((opts: { format: 'text' | 'json' }) =>
    act(async () => (await import('./commands/checks.js')).runChecksCommand(opts.format, io)),
  );

  const config = program
    .command('config')
    .description('validate or show the configuration (secrets masked)')
    .helpCommand(false);
  configure(config, io, 'oxdoctor config --help');
  config.action(() => {
    say(io, "oxdoctor: 'config' needs a subcommand: validate or show (see 'oxdoctor config --help')");
    outcome.exitCode = 3;
  });
  const validate = config.command('validate').description('load the configuration and report every problem');
  configure(validate, io, 'oxdoctor config validate --help');
  validate.action((_opts: unknown, cmd: Command) =>
    act(async () => (await import('./commands/config.js')).runConfigValidate(globalsOf(cmd.optsWithGlobals()), io)),
  );
  const show = config
    .command('show')
    .description('print the configuration in effect (YAML), every secret shown by reference only');
  configure(show, io, 'oxdoctor config show --help');
  show.action((_opts: unknown, cmd: Command) =>
    act(async () => (await import('./commands/config.js')).runConfigShow(globalsOf(cmd.optsWithGlobals()), io)),
  );

  const notYet = (cmd: Command, name: string) => {
    configure(cmd, io, `oxdoctor ${name} --help`);
    cmd.action(() => act(async () => (await import('./commands/not-yet.js')).notYetAvailable(name, io)));
  };
  const configured = (cmd: Command, pointer: string) => configure(cmd, io, pointer);
  addUserCommand(program, io, act, configured);
  addLogsCommand(program, io, act, configured);
  addTraceCommand(program, io, act, configured);
  addBundleCommand(program, io, act, configured);
  addFutureCommands(program, notYet, []);
  return program;
}

// The dashboard needs a terminal on both ends and nobody asking for machine output: with --format, with
// CI set (even when a terminal is attached), or piped, `oxdoctor` runs `check` instead.
function wantsDashboard(io: CliIO, cmd: Command): boolean {
  if (cmd.getOptionValueSource('format') === 'cli') return false;
  if (io.env.CI !== undefined && io.env.CI !== '') return false;
  return io.stdout.isTTY === true && process.stdin.isTTY === true;
}

interface CheckFlags {
  host?: string[];
  check?: string[];
  format: Format;
  onlyProblems?: boolean;
}

const hostList = list('a host name');
const checkList = list('a check id or group');

function addCheckOptions(cmd: Command): Command {
  return cmd
    .option('--host <host>', 'only this host (repeatable, or comma-separated)', hostList)
    .option('--check <id|group>', 'only this check or group (repeatable, or comma-separated)', checkList)
    .addOption(new Option('--format <format>', 'output format').choices([...FORMATS]).default('text'))
    .option('--only-problems', 'leave out OK results (text and json)');
}

function checkOptions(opts: CheckFlags) {
  return {
    host: opts.host ?? [],
    check: opts.check ?? [],
    format: opts.format,
    onlyProblems: opts.onlyProblems === true,
  };
}

// Errors are one line, point at the right help, and never call process.exit (main decides).
function configure(cmd: Command, io: CliIO, helpPointer: string): void {
  cmd.exitOverride();
  cmd.configureOutput({
    writeOut: (s) => io.stdout.write(io.redactor.redact(s)),
    writeErr: (s) => io.stderr.write(io.redactor.redact(s)),
    outputError: (s, write) =>
      write(
        `oxdoctor: ${oneLine(s.replace(/^error: /, '').replace('(Did you mean', '(did you mean'))} (see '${helpPointer}')\n`,
      ),
  });
}
