// `oxdoctor logs` without -f: past lines of every selected host and source, in time order. Per source, its files
// in the window (oldest first) searched on the host with the query's fixed strings (search.ts), parsed per file,
// each host's clock offset taken off, matched exactly (query.ts) and cut to the window; the per-source streams,
// each already in time order, merged k-way (merge-streams.ts). Memory: one batch per stream.
import type { Transport } from '../core/transport.js';
import type { HostLogs } from './discover.js';
import { listFiles } from './files.js';
import { LogLineParser } from './line-parser.js';
import { mergeByTime } from './merge-streams.js';
import { fixedStringsOf, matchesQuery, type LogQuery } from './query.js';
import { searchFiles } from './search.js';
import { selectSources } from './select-sources.js';
import type { LogFile, LogLine, LogSource } from './types.js';

// Past `until` by this much, a source's stream stops reading (lines in a file are in time order, give or take).
const PAST_UNTIL_SLACK_MS = 5 * 60_000;
const MTIME_MARGIN_MS = 10 * 60_000;

export interface SearchHost {
  readonly host: string;
  readonly transport: Transport;
  readonly logs: HostLogs;
  readonly offsetMs: number; // host clock minus ours, taken off its lines' times (0: none)
}

export interface SearchWindow {
  readonly since: number; // epoch ms, our clock
  readonly until?: number;
}

export interface SearchLogOptions {
  readonly sources?: readonly string[];
  readonly signal?: AbortSignal;
  readonly onError?: (host: string, error: Error) => void;
}

export async function searchLogs(
  hosts: readonly SearchHost[],
  query: LogQuery,
  window: SearchWindow,
  options: SearchLogOptions = {},
): Promise<AsyncIterable<LogLine[]>> {
  const fixed = fixedStringsOf(query);
  const perSource = await Promise.all(
    hosts.map(async (h) => {
      const sources = selectSources(h.logs.sources, options.sources ?? []);
      const files = await listFiles(h.transport, sources, options.signal).catch((err: unknown) => {
        options.onError?.(h.host, err instanceof Error ? err : new Error(String(err)));
        return [] as LogFile[];
      });
      // A file last written before the window holds nothing in it. Its mtime comes from the clock of whatever
      // stamped it (the kernel's, an NFS server's), which need not be skewed as `date` is: a host behind moves
      // the cutoff back, one ahead does not move it forward, and a margin covers the rest.
      const cutoff = window.since + Math.min(h.offsetMs, 0) - MTIME_MARGIN_MS;
      const recent = files.filter((f) => f.mtimeMs >= cutoff);
      return sources.map((s) => sourceStream(h, s, filesOf(recent, s), fixed, query, window, options));
    }),
  );
  return mergeByTime(perSource.flat());
}

function filesOf(files: readonly LogFile[], source: LogSource): LogFile[] {
  return files.filter((f) => f.source.path === source.path && f.source.source === source.source);
}

async function* sourceStream(
  h: SearchHost,
  source: LogSource,
  files: readonly LogFile[],
  fixed: readonly string[],
  query: LogQuery,
  window: SearchWindow,
  options: SearchLogOptions,
): AsyncGenerator<LogLine[]> {
  if (files.length === 0) return;
  const ctx = { host: h.host, source: source.source, kind: source.kind, utcOffsetMinutes: h.logs.utcOffsetMinutes };
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  let parser = new LogLineParser(ctx);
  let path: string | undefined;
  let last: number | undefined; // the previous line's corrected time: untimed lines take it
  const keep = (lines: readonly LogLine[], out: LogLine[]): boolean => {
    for (const line of lines) {
      const time = line.time === undefined ? last : line.time - h.offsetMs;
      if (time !== undefined) last = time;
      if (window.until !== undefined && time !== undefined && time > window.until + PAST_UNTIL_SLACK_MS) return false;
      if (time !== undefined && (time < window.since || (window.until !== undefined && time > window.until))) continue;
      const placed = {
        ...line,
        ...(time === undefined ? {} : { time }),
        ...(h.offsetMs === 0 ? {} : { clockOffsetMs: h.offsetMs }),
      };
      if (matchesQuery(placed, query)) out.push(placed);
    }
    return true;
  };
  try {
    const onError = (error: Error) => options.onError?.(h.host, error);
    for await (const raws of searchFiles(h.transport, files, { fixed, signal, onError })) {
      const out: LogLine[] = [];
      let going = true;
      for (const raw of raws) {
        if (raw.path !== path) {
          going &&= keep(parser.flush(), out);
          parser = new LogLineParser(ctx); // a record never spans two files
          path = raw.path;
        }
        going &&= keep(parser.push(raw), out);
        if (!going) break;
      }
      if (out.length > 0) yield out;
      if (!going) return;
    }
    const rest: LogLine[] = [];
    keep(parser.flush(), rest);
    if (rest.length > 0) yield rest;
  } catch (err) {
    if (!signal.aborted) options.onError?.(h.host, err instanceof Error ? err : new Error(String(err)));
  } finally {
    stop.abort(); // ends the host's grep when the stream stops early
  }
}
