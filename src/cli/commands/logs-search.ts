// `oxdoctor logs` without -f: the window's past lines of every selected host, filtered on the hosts and matched
// exactly here, printed in time order across hosts. With --user, a first pass finds the queue ids of the user's
// lines, and the printed pass takes every line of those queue ids too (smtpd's client=, cleanup's message-id=).
import { discoverSources } from '../../logs/discover.js';
import { formatLineJson, formatLineText, offsetNote, textLayout } from '../../logs/line-format.js';
import { addQueueIds, type LogQuery } from '../../logs/query.js';
import { searchLogs, type SearchHost, type SearchWindow } from '../../logs/search-stream.js';
import { selectSources, unknownSources } from '../../logs/select-sources.js';
import { correctionOf, measureClockOffset } from '../../unix/clock-offset.js';
import { say, sayHostError } from '../io.js';
import { lineWriter } from '../line-writer.js';
import { baseQuery, noSuchSource, type LogsContext, type LogsOptions } from './logs-context.js';

export async function runLogsSearch(ctx: LogsContext, options: LogsOptions, window: SearchWindow): Promise<number> {
  const failed = new Set<string>();
  const fail = (host: string, error: Error) => {
    failed.add(host);
    sayHostError(ctx.io, host, error);
  };
  const hosts = (await Promise.all(ctx.hosts.map((h) => prepare(h, fail)))).filter((h) => h !== undefined);
  for (const h of hosts) {
    const note = offsetNote(h.host, h.offsetMs);
    if (note) say(ctx.io, `oxdoctor: ${note}`);
  }
  if (hosts.length === 0) {
    say(ctx.io, 'oxdoctor: no host could be searched');
    return 3;
  }
  const unknown = unknownSources(
    hosts.flatMap((h) => h.logs.sources),
    options.source,
  );
  if (unknown.length > 0) return noSuchSource(ctx, unknown);
  let query = baseQuery(options);
  const search = { sources: options.source, onError: fail };
  if (options.user) {
    const { expandUser } = await import('./logs-user.js');
    query = { ...query, addresses: await expandUser(ctx, options.user) };
    query = { ...query, queueIds: await queueIdsOf(hosts, { ...query, grep: undefined, level: undefined }, window) };
  }
  const layout = textLayout(
    hosts.map((h) => h.host),
    hosts.flatMap((h) => selectSources(h.logs.sources, options.source).map((s) => s.source)),
    ctx.color,
  );
  const out = lineWriter(ctx.io);
  for await (const batch of await searchLogs(hosts, query, window, search)) {
    await out.write(batch.map((l) => (options.format === 'json' ? formatLineJson(l) : formatLineText(l, layout))));
  }
  if (out.count === 0) say(ctx.io, `oxdoctor: no line matched in ${describeWindow(window)}`);
  return out.count > 0 && failed.size === 0 ? 0 : failed.size === ctx.hosts.length ? 3 : 1;

  // The first pass of --user: the queue ids its lines name (their own, amavis' and smtp's queued_as).
  async function queueIdsOf(hs: readonly SearchHost[], q: LogQuery, w: SearchWindow): Promise<Set<string>> {
    const ids = new Set(q.queueIds);
    for await (const batch of await searchLogs(hs, q, w, search)) for (const line of batch) addQueueIds(line, ids);
    return ids;
  }
}

async function prepare(
  h: LogsContext['hosts'][number],
  fail: (host: string, error: Error) => void,
): Promise<SearchHost | undefined> {
  try {
    const [logs, offset] = await Promise.all([
      discoverSources(h.transport, h.host),
      measureClockOffset((argv) => h.transport.exec(argv, { timeoutMs: 5000 })),
    ]);
    if ('error' in offset) fail(h.host, new Error(`clock not read (${offset.error}); its times are shown as read`));
    return {
      host: h.host,
      transport: h.transport,
      logs,
      offsetMs: 'error' in offset ? 0 : correctionOf(offset.offsetMs),
    };
  } catch (err) {
    fail(h.host, err instanceof Error ? err : new Error(String(err)));
    return undefined;
  }
}

function describeWindow(w: SearchWindow): string {
  const since = new Date(w.since).toLocaleString();
  return w.until === undefined ? `the window since ${since}` : `${since} .. ${new Date(w.until).toLocaleString()}`;
}
