// The options of `oxdoctor logs` and `oxdoctor trace`; each command module loads only when its command runs.
import { Command, Option } from 'commander';
import { globalsOf } from './global-options.js';
import { LOGS_HELP_AFTER, TRACE_HELP_AFTER } from './help-text.js';
import type { CliIO } from './io.js';
import { grepValue, queueIdValue, timeValue, traceStart, userValue, type TraceStart } from './logs-options.js';
import { list } from './parse-options.js';

type Act = (fn: () => Promise<number>) => Promise<void>;
type Configure = (cmd: Command, helpPointer: string) => void;

interface LogsFlags {
  host?: string[];
  source?: string[];
  follow?: boolean;
  since?: string;
  until?: string;
  grep?: RegExp;
  ignoreCase?: boolean;
  user?: string;
  queueId?: string[];
  level?: 'warn' | 'error';
  format: 'text' | 'json';
  list?: boolean;
}

export function addLogsCommand(program: Command, io: CliIO, act: Act, configure: Configure): void {
  const logs = program
    .command('logs')
    .description('maillog, OX and the other logs of all hosts as one stream: search, follow, list')
    .option('--host <host>', 'only this host (repeatable, or comma-separated)', list('a host name'))
    .option('--source <source>', 'only this source, as --list names it (repeatable)', list('a source name'))
    .option('-f, --follow', 'follow new lines of every host live, until Ctrl-C')
    .option('--since <age|date>', 'search from then on (default 1h)', timeValue('--since'))
    .option('--until <age|date>', 'search up to then (default now)', timeValue('--until'))
    .option('--grep <re>', 'only lines matching this regular expression', grepValue)
    .option('-i, --ignore-case', '--grep ignores case')
    .option('--user <login|address>', "only lines about this user's mail", userValue)
    .option('--queue-id <id>', 'only lines about this queue id (repeatable)', queueIdValue)
    .addOption(new Option('--level <level>', 'only warnings and errors, or only errors').choices(['warn', 'error']))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--list', "list each host's log sources and files with size and age")
    .addHelpText('after', LOGS_HELP_AFTER);
  configure(logs, 'oxdoctor logs --help');
  logs.action((opts: LogsFlags, cmd: Command) =>
    act(async () => {
      const { runLogsCommand } = await import('./commands/logs.js');
      const grep = opts.grep && opts.ignoreCase ? new RegExp(opts.grep.source, 'i') : opts.grep;
      return runLogsCommand(
        {
          host: opts.host ?? [],
          source: opts.source ?? [],
          follow: opts.follow === true,
          queueId: opts.queueId ?? [],
          format: opts.format,
          list: opts.list === true,
          ...(opts.since !== undefined ? { since: opts.since } : {}),
          ...(opts.until !== undefined ? { until: opts.until } : {}),
          ...(grep ? { grep } : {}),
          ...(opts.user !== undefined ? { user: opts.user } : {}),
          ...(opts.level ? { level: opts.level } : {}),
        },
        globalsOf(cmd.optsWithGlobals()),
        io,
      );
    }),
  );
}

interface TraceFlags {
  host?: string[];
  since?: string;
  until?: string;
  messageId?: boolean;
  format: 'text' | 'json';
}

export function addTraceCommand(program: Command, io: CliIO, act: Act, configure: Configure): void {
  const trace = program
    .command('trace')
    .description('one message across the hosts by queue id, Message-ID or address, and where it ended')
    .argument('<id-or-address>', 'a queue id, a <Message-ID> or an address')
    .option('--host <host>', 'only this host (repeatable, or comma-separated)', list('a host name'))
    .option('--since <age|date>', 'how far back (default 1d)', timeValue('--since'))
    .option('--until <age|date>', 'up to when (default now)', timeValue('--until'))
    .option('--message-id', 'the argument is a Message-ID, even without <>')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText('after', TRACE_HELP_AFTER);
  configure(trace, 'oxdoctor trace --help');
  trace.action((id: string, opts: TraceFlags, cmd: Command) =>
    act(async () => {
      let start: TraceStart;
      try {
        start = traceStart(id, opts.messageId === true);
      } catch (err) {
        // Printed and thrown as commander's own usage errors are (exit 3).
        return cmd.error(`argument '<id-or-address>': ${(err as Error).message}`, { exitCode: 3 });
      }
      const { runTraceCommand } = await import('./commands/trace.js');
      return runTraceCommand(
        {
          start,
          host: opts.host ?? [],
          format: opts.format,
          ...(opts.since !== undefined ? { since: opts.since } : {}),
          ...(opts.until !== undefined ? { until: opts.until } : {}),
        },
        globalsOf(cmd.optsWithGlobals()),
        io,
      );
    }),
  );
}
