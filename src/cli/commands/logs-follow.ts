// `oxdoctor logs -f`: every selected host's logs followed as one stream in time order, each host's clock offset
// taken off and named. Ctrl-C (or SIGTERM, SIGHUP) ends it cleanly: the readers on the hosts are stopped and the
// connections closed, exit 0. A second signal exits at once.
import { constants } from 'node:os';
import { formatLineJson, formatLineText, offsetNote, textLayout } from '../../logs/line-format.js';
import { openLiveStream } from '../../logs/live-stream.js';
import { addQueueIds, matchesQuery, type LogQuery } from '../../logs/query.js';
import { selectSources, unknownSources } from '../../logs/select-sources.js';
import type { LogLine } from '../../logs/types.js';
import { say, sayHostError } from '../io.js';
import { boundedOutput } from '../bounded-output.js';
import { lineWriter } from '../line-writer.js';
import { baseQuery, noSuchSource, type LogsContext, type LogsOptions } from './logs-context.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const MAX_WAITING_LINES = 20_000;

export async function runLogsFollow(ctx: LogsContext, options: LogsOptions): Promise<number> {
  // With --user, the queue ids its lines name join the query, so the rest of those messages' lines show too.
  const queueIds = new Set(options.queueId);
  let query: LogQuery = { ...baseQuery(options), queueIds };
  if (options.user) {
    const { expandUser } = await import('./logs-user.js');
    query = { ...query, addresses: await expandUser(ctx, options.user) };
  }
  const out = lineWriter(ctx.io);
  let layout = textLayout(
    ctx.hosts.map((h) => h.host),
    [],
    ctx.color,
  );
  const output = boundedOutput(
    (text) => out.write(text),
    (n) => say(ctx.io, `oxdoctor: ${n} lines not shown: the output could not keep up`),
    MAX_WAITING_LINES,
  );
  const print = (lines: readonly LogLine[]) => {
    const chosen = lines.filter((l) => matchesQuery(l, query));
    if (options.user) for (const l of chosen) addQueueIds(l, queueIds);
    output.push(chosen.map((l) => (options.format === 'json' ? formatLineJson(l) : formatLineText(l, layout))));
  };
  const ended = endOnSignal();
  const stream = await openLiveStream(
    ctx.hosts.map(({ host, transport }) => ({ host, transport })),
    print,
    {
      sources: options.source,
      onError: (host, error) => sayHostError(ctx.io, host, error),
      onOffset: (host, offsetMs) => {
        const note = offsetNote(host, offsetMs);
        if (note) say(ctx.io, `oxdoctor: ${note}`);
      },
    },
  );
  const unknown = unknownSources(
    stream.hosts.flatMap((h) => h.sources),
    options.source,
  );
  if (unknown.length > 0) {
    await stream.stop();
    ended.dispose();
    return noSuchSource(ctx, unknown);
  }
  const sources = stream.hosts.flatMap((h) => selectSources(h.sources, options.source).map((s) => s.source));
  layout = textLayout(
    ctx.hosts.map((h) => h.host),
    sources,
    ctx.color,
  );
  if (stream.hosts.length === 0) {
    await stream.stop();
    ended.dispose();
    say(ctx.io, 'oxdoctor: no host could be followed');
    return 3;
  }
  const count = stream.hosts.reduce((n, h) => n + selectSources(h.sources, options.source).length, 0);
  say(ctx.io, `oxdoctor: following ${count} logs on ${stream.hosts.map((h) => h.host).join(', ')} (Ctrl-C ends)`);
  await ended.promise;
  await stream.stop();
  await output.settled();
  ended.dispose();
  return 0;
}

// Resolves on the first signal; a second one exits at once with 128+n.
function endOnSignal(): { promise: Promise<void>; dispose: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  let seen = false;
  const handler = (signal: NodeJS.Signals) => {
    if (seen) process.exit(128 + (constants.signals[signal] ?? 15));
    seen = true;
    resolve();
  };
  for (const s of SIGNALS) process.on(s, handler);
  const dispose = () => {
    for (const s of SIGNALS) process.off(s, handler);
  };
  return { promise, dispose };
}
