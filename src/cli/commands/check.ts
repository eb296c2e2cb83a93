// `oxdoctor check`: load the site, plan, sweep, report; the exit code is the worst status.
import { UserError } from '../../core/errors.js';
import { plan } from '../../runner/plan.js';
import { Runner } from '../../runner/runner.js';
import { loadDurations, saveDurations } from '../../runner/durations.js';
import { durationsPath } from '../cache-dir.js';
import { colorEnabled, reporters, writeOut, type Format } from '../../reporters/index.js';
import { say, type CliIO } from '../io.js';
import { onInterrupt } from '../interrupt.js';
import type { GlobalOptions } from '../global-options.js';
import { toolVersion } from '../version.js';
import { completeSite, loadChecks, loadSite, openTransports, startConnecting } from '../wiring.js';

export interface CheckOptions {
  readonly host: readonly string[];
  readonly check: readonly string[];
  readonly format: Format;
  readonly onlyProblems: boolean;
}

export async function runCheckCommand(options: CheckOptions, globals: GlobalOptions, io: CliIO): Promise<number> {
  const since = Date.now(); // --timeout bounds the run from here: discovery, connects and checks
  const phase = phases(globals.verbose, io);
  const loaded = await loadSite({ configPath: globals.config, env: io.env, isTTY: process.stdin.isTTY === true });
  phase(`config loaded from ${loaded.site.source}`);
  for (const warning of loaded.warnings) say(io, `oxdoctor: warning: ${warning}`);
  const catalogue = await loadChecks();
  const selected = loaded.site.hosts.filter((h) => options.host.length === 0 || options.host.includes(h.name));
  const transports = await openTransports(selected);
  const uninstall = onInterrupt(io, () => transports.closeAll());
  try {
    startConnecting(selected, transports);
    const budget = globals.timeout === undefined ? undefined : AbortSignal.timeout(globals.timeout);
    const { site, unreachable, discoveredFor } = await completeSite(loaded, transports, options.host, budget);
    if (discoveredFor.length > 0) phase(`roles discovered for ${discoveredFor.join(', ')}`);
    const items = plan(catalogue, site.hosts, { hosts: options.host, checks: options.check });
    if (items.length === 0) {
      throw new UserError('no check applies to the selected hosts and checks', 'see `oxdoctor checks` for the roles each check needs');
    }
    const history = durationsPath(io.env, site.source);
    const runner = new Runner({
      site,
      durations: loadDurations(history),
      transportFor: (host) => transports.get(host),
      concurrency: globals.concurrency,
      timeoutMs: globals.timeout,
      redactor: io.redactor,
      unreachable,
    });
    const sweep = await runner.sweep(items, { since });
    saveDurations(history, runner.durations);
    phase(`${items.length} checks ran (slowest ${Math.max(...sweep.results.map((r) => r.durationMs))} ms)`);
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
    uninstall();
    await transports.closeAll();
  }
}

// With --verbose, where the time went: one stderr line per phase.
function phases(verbose: boolean, io: CliIO): (what: string) => void {
  let last = performance.now();
  return (what) => {
    const now = performance.now();
    if (verbose) say(io, `oxdoctor: ${what} in ${Math.round(now - last)} ms`);
    last = now;
  };
}
