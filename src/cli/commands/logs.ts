// `oxdoctor logs`: the hosts' logs as one stream. --list shows the sources and files; -f follows them live;
// otherwise past lines in the window are searched (filtered on the hosts), in time order across hosts.
import { UserError } from '../../core/errors.js';
import type { LogsContext, LogsOptions } from './logs-context.js';
import { parseTimeSpec } from '../../logs/time-spec.js';
import { colorEnabled } from '../../reporters/ansi.js';
import type { GlobalOptions } from '../global-options.js';
import type { CliIO } from '../io.js';
import { onInterrupt } from '../interrupt.js';
import { loadSiteForHosts, openSession } from '../session.js';

export const DEFAULT_SINCE = '1h';

export async function runLogsCommand(options: LogsOptions, globals: GlobalOptions, io: CliIO): Promise<number> {
  refuseMixedModes(options);
  const loaded = await loadSiteForHosts(options.host, globals, io);
  const session = await openSession(loaded, { host: options.host, check: [] }, globals, io);
  const ctx: LogsContext = {
    hosts: session.selected.map((spec) => ({ host: spec.name, spec, transport: session.transports.get(spec) })),
    site: loaded.site,
    io,
    color: colorEnabled({ isTTY: io.stdout.isTTY === true, env: io.env, flag: globals.color }),
    close: () => session.close(),
  };
  // -f ends on a signal by itself (exit 0); a search or a listing is interrupted as `check` is.
  const uninstall = options.follow ? () => undefined : onInterrupt(io, () => session.close());
  try {
    if (options.list) return await (await import('./logs-list.js')).runLogsList(ctx, options);
    if (options.follow) return await (await import('./logs-follow.js')).runLogsFollow(ctx, options);
    const now = Date.now();
    const since = parseTimeSpec(options.since ?? DEFAULT_SINCE, now)!;
    const until = options.until === undefined ? undefined : parseTimeSpec(options.until, now)!;
    if (until !== undefined && until <= since) {
      throw new UserError(`--until (${options.until}) is not after --since (${options.since ?? DEFAULT_SINCE})`);
    }
    return await (await import('./logs-search.js')).runLogsSearch(ctx, options, { since, until });
  } finally {
    uninstall();
    await session.close();
  }
}

function refuseMixedModes(options: LogsOptions): void {
  if (options.follow && (options.since !== undefined || options.until !== undefined)) {
    throw new UserError('-f follows from now on; --since and --until search past logs', 'use one or the other');
  }
  if (options.list && (options.follow || options.grep || options.user || options.queueId.length > 0)) {
    throw new UserError('--list shows the sources and files; it takes only --host and --source');
  }
}
