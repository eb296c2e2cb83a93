// `oxdoctor bundle`: a support archive of every selected host (src/bundle/run.ts), with oxdoctor's own sweep
// run beside the collection. Prints where the archive is (and the --obfuscate mapping); the exit code is 0
// complete, 1 partial (a host or item failed, or --max-size cut it), 3 a usage or configuration error.
import { rm } from 'node:fs/promises';
import { keepMemoryDown } from '../../bundle/memory.js';
import { UserError } from '../../core/errors.js';
import type { Result } from '../../core/result.js';
import { parseTimeSpec } from '../../logs/time-spec.js';
import type { GlobalOptions } from '../global-options.js';
import { say, type CliIO } from '../io.js';
import { onInterrupt } from '../interrupt.js';
import { lineWriter } from '../line-writer.js';
import { loadSiteForHosts, openSession, type Session } from '../session.js';
import { toolVersion } from '../version.js';

export interface BundleCommandOptions {
  readonly host: readonly string[];
  readonly since: string;
  readonly until?: string;
  readonly output?: string;
  readonly obfuscate: boolean;
  readonly dryRun: boolean;
  readonly maxBytes: number;
}

export async function runBundleCommand(options: BundleCommandOptions, globals: GlobalOptions, io: CliIO) {
  const stopWatch = keepMemoryDown();
  const started = Date.now();
  const window = windowOf(options, started);
  const loaded = await loadSiteForHosts(options.host, globals, io);
  const session = await openSession(loaded, { host: options.host, check: [] }, globals, io);
  const controller = new AbortController();
  let unfinished: string | undefined; // the archive while it is being written
  const uninstall = onInterrupt(io, async () => {
    controller.abort();
    if (unfinished) await rm(unfinished, { force: true });
    await session.close();
  });
  const progress =
    io.stderr.isTTY === true ? (host: string, text: string) => say(io, `oxdoctor: ${host}: ${text}`) : undefined;
  try {
    const [{ runBundle }, { formatSize }] = await Promise.all([
      import('../../bundle/run.js'),
      import('../../bundle/collect/size.js'),
    ]);
    const result = await runBundle({
      site: loaded.site,
      hosts: session.selected,
      transportFor: (h) => session.transports.get(h),
      window,
      ...(options.output !== undefined ? { output: options.output } : {}),
      obfuscate: options.obfuscate,
      dryRun: options.dryRun,
      maxBytes: options.maxBytes,
      tool: `oxdoctor ${toolVersion()}`,
      ...(options.dryRun ? {} : { sweep: () => sweepJson(session, globals, started, loaded.site.site) }),
      ...(progress ? { onProgress: progress } : {}),
      onCreated: (path) => (unfinished = path),
      signal: controller.signal,
    });
    unfinished = undefined;
    const out = lineWriter(io);
    if (result.dryRun) {
      const rows = result.dryRun.map((r) => {
        const size = r.size === undefined ? '-' : formatSize(r.size);
        const cap = r.cappedAt !== undefined ? ` (capped at ${formatSize(r.cappedAt)})` : '';
        return `${r.host}\t${r.component}\t${r.kind}\t${size}\t${r.what}${cap}`;
      });
      const total = result.dryRun.reduce((n, r) => n + Math.min(r.size ?? 0, r.cappedAt ?? Number.MAX_VALUE), 0);
      await out.write([
        'host\tcomponent\tkind\tsize\tpath or command',
        ...rows,
        `${result.dryRun.length} items, ${formatSize(total)} before compression (commands not counted); ` +
          'nothing written',
      ]);
    } else {
      await out.write([
        `bundle: ${result.archive ?? ''}`,
        ...(result.mapping ? [`obfuscation mapping (keep it, never send it): ${result.mapping}`] : []),
        result.summary,
      ]);
    }
    if (result.exitCode !== 0) say(io, `oxdoctor: the bundle is ${result.summary}`);
    return result.exitCode;
  } finally {
    uninstall();
    stopWatch();
    await session.close();
  }
}

function windowOf(options: BundleCommandOptions, now: number): { since: number; until?: number } {
  const since = parseTimeSpec(options.since, now);
  const until = options.until === undefined ? undefined : parseTimeSpec(options.until, now);
  if (since === undefined) throw new UserError(`--since: not an age or a date: ${options.since}`);
  if (until !== undefined && until <= since) {
    throw new UserError('--until is not after --since', 'give --since an earlier time or --until a later one');
  }
  return { since, ...(until !== undefined ? { until } : {}) };
}

// The catalogue over the same connections, as `oxdoctor check --format json` prints it.
async function sweepJson(session: Session, globals: GlobalOptions, since: number, siteName: string) {
  const budget = globals.timeout === undefined ? undefined : AbortSignal.timeout(globals.timeout);
  const { reporters } = await import('../../reporters/index.js');
  const report = (site: string, durationMs: number, results: readonly Result[]) => ({
    json: reporters.json(
      { site, toolVersion: toolVersion(), generatedAt: new Date().toISOString(), durationMs, results },
      { color: false, onlyProblems: false, verbose: true },
    ),
    results,
  });
  let prepared;
  try {
    prepared = await session.prepare(budget);
  } catch (e) {
    // no check applies to the selected hosts: an empty sweep, not a failed one
    if (e instanceof UserError) return report(siteName, 0, []);
    throw e;
  }
  const sweep = await prepared.runner.sweep(prepared.items, { since });
  return report(prepared.site.site, sweep.durationMs, sweep.results);
}
