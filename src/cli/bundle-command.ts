// The options of `oxdoctor bundle`; the command's module loads only when it runs.
import { Command, InvalidArgumentError, Option } from 'commander';
import { parseSize } from '../bundle/collect/size.js';
import { globalsOf } from './global-options.js';
import { BUNDLE_HELP_AFTER } from './help-text.js';
import type { CliIO } from './io.js';
import { timeValue } from './logs-options.js';
import { list, nonEmpty } from './parse-options.js';

type Act = (fn: () => Promise<number>) => Promise<void>;
type Configure = (cmd: Command, helpPointer: string) => void;

interface BundleFlags {
  host?: string[];
  since: string;
  until?: string;
  output?: string;
  obfuscate?: boolean;
  dryRun?: boolean;
  maxSize: number;
}

export const DEFAULT_SINCE = '3d';
export const DEFAULT_MAX_SIZE = 200 * 1024 * 1024;

function sizeValue(value: string): number {
  const bytes = parseSize(value);
  if (bytes === undefined) throw new InvalidArgumentError(`expected a size such as 200M, 1G or 500K, got '${value}'`);
  return bytes;
}

export function addBundleCommand(program: Command, io: CliIO, act: Act, configure: Configure): void {
  const bundle = program
    .command('bundle')
    .description('a support archive of every host (configs, commands, logs, the sweep), secrets redacted')
    .option('--host <host>', 'only this host (repeatable, or comma-separated)', list('a host name'))
    .option('--since <age|date>', 'logs since', timeValue('--since'), DEFAULT_SINCE)
    .option('--until <age|date>', 'logs up to (default now)', timeValue('--until'))
    .option(
      '--output <file>',
      'the archive to write (default oxdoctor-<site>-<UTC time>.tar.gz here)',
      nonEmpty('a file'),
    )
    .option('--obfuscate', 'replace host names, domains, addresses and users; the mapping is written beside it')
    .option('--dry-run', 'list what would be collected, with sizes; write nothing')
    .addOption(
      new Option('--max-size <size>', "the archive's cap: past it, items are skipped")
        .argParser(sizeValue)
        .default(DEFAULT_MAX_SIZE, '200M'),
    )
    .addHelpText('after', BUNDLE_HELP_AFTER);
  configure(bundle, 'oxdoctor bundle --help');
  bundle.action((opts: BundleFlags, cmd: Command) =>
    act(async () => {
      const { runBundleCommand } = await import('./commands/bundle.js');
      return runBundleCommand(
        {
          host: opts.host ?? [],
          since: opts.since,
          ...(opts.until !== undefined ? { until: opts.until } : {}),
          ...(opts.output !== undefined ? { output: opts.output } : {}),
          obfuscate: opts.obfuscate === true,
          dryRun: opts.dryRun === true,
          maxBytes: opts.maxSize,
        },
        globalsOf(cmd.optsWithGlobals()),
        io,
      );
    }),
  );
}
