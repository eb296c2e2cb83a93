// `oxdoctor check`: plan, sweep, report; the exit code is the worst status.
import { UserError } from '../../core/errors.js';
import { plan } from '../../runner/plan.js';
import { Runner } from '../../runner/runner.js';
import { colorEnabled, reporters, writeOut, type Format } from '../../reporters/index.js';
import type { CliIO } from '../io.js';
import type { GlobalOptions } from '../global-options.js';
import { toolVersion } from '../version.js';
import { loadChecks, loadSite, openTransports } from '../wiring.js';

export interface CheckOptions {
  readonly host: readonly string[];
  readonly check: readonly string[];
  readonly format: Format;
  readonly onlyProblems: boolean;
}

export async function runCheckCommand(options: CheckOptions, globals: GlobalOptions, io: CliIO): Promise<number> {
  const site = await loadSite({ configPath: globals.config, env: io.env });
  const items = plan(await loadChecks(), site.hosts, { hosts: options.host, checks: options.check });
  if (items.length === 0) {
    throw new UserError('no check applies to the selected hosts and checks', 'see `oxdoctor checks` for the roles each check needs');
  }
  const transports = await openTransports();
  try {
    const runner = new Runner({
      site,
      transportFor: (host) => transports.get(host),
      concurrency: globals.concurrency,
      timeoutMs: globals.timeout,
      redactor: io.redactor,
    });
    const sweep = await runner.sweep(items);
    const text = reporters[options.format](
      {
        site: site.site,
        toolVersion: toolVersion(),
        generatedAt: new Date().toISOString(),
        durationMs: sweep.durationMs,
        results: sweep.results,
      },
      {
        color: colorEnabled({ isTTY: io.stdout.isTTY === true, env: io.env, flag: globals.color }),
        onlyProblems: options.onlyProblems,
        verbose: globals.verbose,
      },
    );
    await writeOut(io.stdout, text, io.redactor);
    return sweep.exitCode;
  } finally {
    await transports.closeAll();
  }
}
