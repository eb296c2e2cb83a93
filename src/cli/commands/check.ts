// `oxdoctor check`: load the site, plan, sweep, report; the exit code is the worst status.
import { colorEnabled, reporters, writeOut, type Format } from '../../reporters/index.js';
import { say, type CliIO } from '../io.js';
import { onInterrupt } from '../interrupt.js';
import type { GlobalOptions } from '../global-options.js';
import { toolVersion } from '../version.js';
import { openSession } from '../session.js';
import { loadSite } from '../wiring.js';

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
  const session = await openSession(loaded, options, globals, io);
  const uninstall = onInterrupt(io, () => session.close());
  try {
    const budget = globals.timeout === undefined ? undefined : AbortSignal.timeout(globals.timeout);
    const { site, items, runner, discoveredFor, saveHistory } = await session.prepare(budget);
    if (discoveredFor.length > 0) phase(`roles discovered for ${discoveredFor.join(', ')}`);
    const sweep = await runner.sweep(items, { since });
    saveHistory();
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
    await session.close();
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
