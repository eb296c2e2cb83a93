// Reading a trace from the hosts: search every host's syslog files (live and rotated, filtered on the host by
// grep -F) for the query's id or address, then for what the lines found name (queue ids, queued-as ids on the
// receiving host, Message-IDs everywhere) for a few rounds, then build the trace from everything read.
import type { Transport } from '../core/transport.js';
import type { HostLogs } from '../logs/discover.js';
import { listFiles } from '../logs/files.js';
import { LogLineParser } from '../logs/line-parser.js';
import { searchFiles } from '../logs/search.js';
import type { LogFile, LogLine } from '../logs/types.js';
import { correctionOf } from '../unix/clock-offset.js';
import { HostAddressBook } from './address-book.js';
import { buildTrace, MAX_MESSAGES } from './build.js';
import { addTerm, newTerms, type Terms, termsOf } from './next-terms.js';
import { type QueueState, queueStates, withQueueStates } from './queue-state.js';
import type { TraceQuery, TraceResult } from './types.js';

export interface TraceHostInput {
  readonly host: string;
  readonly transport: Transport;
  readonly logs: HostLogs;
  readonly addresses: readonly string[]; // where the host listens (its own address; a cluster's VIP on each node)
}

export interface CollectOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (text: string) => void;
  // The site's hosts and Exchange by address (HostAddressBook.fromSite); default: the inputs' addresses.
  readonly book?: HostAddressBook;
  readonly maxRounds?: number; // default 4
  // Host clock minus ours (measureClockOffset), taken off each host's line times so hops sort across hosts;
  // below a second it is noise next to syslog's whole-second stamps and left alone (correctionOf).
  readonly offsets?: ReadonlyMap<string, number>;
}

// Literals per host and round: an id's message has a handful; an address's newest MAX_MESSAGES messages need
// a few each (queue ids, Message-ID, amavis' task id).
const MAX_TERMS_PER_ROUND = 2000;
const MAX_ADDRESS_TERMS = 6 * MAX_MESSAGES;

export async function collectTrace(
  hosts: readonly TraceHostInput[],
  query: TraceQuery,
  options: CollectOptions,
): Promise<TraceResult> {
  const book = options.book ?? new HostAddressBook(hosts.map((h) => ({ host: h.host, addresses: h.addresses })));
  const progress = options.onProgress ?? ((): void => undefined);
  const files = new Map(await Promise.all(hosts.map((h) => filesOf(h, query, options.signal))));
  const lines = new Map<string, LogLine>(); // by host, source and raw text: a line found twice is one line
  const searched: Terms = new Map();
  let pending: Terms = new Map();
  for (const h of hosts) for (const t of seedTerms(query)) addTerm(pending, h.host, t);
  const names = hosts.map((h) => h.host);
  for (let round = 1; round <= (options.maxRounds ?? 4) && pending.size > 0; round++) {
    const work = hosts.filter((h) => pending.has(h.host));
    progress(`round ${round}: ${work.map((h) => `${h.host} (${pending.get(h.host)!.size} ids)`).join(', ')}`);
    const found = await Promise.all(
      work.map((h) => searchHost(h, files.get(h.host) ?? [], [...pending.get(h.host)!], options.signal, progress)),
    );
    for (const [host, set] of pending) for (const t of set) addTerm(searched, host, t);
    for (const line of found.flat()) {
      lines.set(`${line.host}\0${line.source}\0${line.raw}`, corrected(line, options.offsets));
    }
    const max = query.address ? MAX_ADDRESS_TERMS : MAX_TERMS_PER_ROUND;
    pending = newTerms(termsOf(byTime([...lines.values()]), names, book), searched, max);
  }
  // Each host's lines in time order (stable: a file's own order within a second).
  const result = buildTrace(byTime([...lines.values()]), query, book);
  return withQueueStates(result, await askQueues(hosts, result, options.signal));
}

// The queue ids of deferred and still-queued ends, asked of their hosts' spools.
async function askQueues(
  hosts: readonly TraceHostInput[],
  result: TraceResult,
  signal?: AbortSignal,
): Promise<Map<string, Map<string, QueueState>>> {
  const ids = new Map<string, string[]>();
  for (const m of result.messages) {
    for (const e of m.ends) {
      if ((e.state === 'deferred' || e.state === 'queued') && e.queueId)
        ids.set(e.host, [...(ids.get(e.host) ?? []), e.queueId]);
    }
  }
  const asked = await Promise.all(
    hosts
      .filter((h) => ids.has(h.host))
      .map(async (h): Promise<[string, Map<string, QueueState>]> => {
        const states = await queueStates(h.transport, ids.get(h.host)!, signal).catch(() => new Map());
        return [h.host, states];
      }),
  );
  return new Map(asked);
}

function corrected(line: LogLine, offsets: ReadonlyMap<string, number> | undefined): LogLine {
  const offset = correctionOf(offsets?.get(line.host) ?? 0);
  if (offset === 0 || line.time === undefined) return line;
  return { ...line, time: line.time - offset, clockOffsetMs: offset };
}

const byTime = (lines: LogLine[]): LogLine[] => lines.sort((a, b) => (a.time ?? 0) - (b.time ?? 0));

function seedTerms(query: TraceQuery): string[] {
  if (query.queueId) return [query.queueId];
  if (query.messageId) return [query.messageId.trim().replace(/^<(.*)>$/, '$1')];
  if (query.address) return [...new Set([query.address, query.address.toLowerCase()])];
  return [];
}

// The host's syslog files (mail, and cyrus' local6 wherever it lands) that may hold lines since query.since.
async function filesOf(h: TraceHostInput, query: TraceQuery, signal?: AbortSignal): Promise<[string, LogFile[]]> {
  const sources = h.logs.sources.filter((s) => s.kind === 'syslog');
  const files = await listFiles(h.transport, sources, signal);
  return [h.host, files.filter((f) => query.since === undefined || f.mtimeMs >= query.since)];
}

async function searchHost(
  h: TraceHostInput,
  files: readonly LogFile[],
  terms: readonly string[],
  signal: AbortSignal | undefined,
  progress: (text: string) => void,
): Promise<LogLine[]> {
  const parsers = new Map<string, LogLineParser>();
  const out: LogLine[] = [];
  const onError = (error: Error): void => progress(`${h.host}: ${error.message}`);
  for await (const batch of searchFiles(h.transport, files, { fixed: terms, signal, onError })) {
    for (const raw of batch) {
      let parser = parsers.get(raw.path);
      if (!parser) {
        const { source, kind } = raw.source;
        parser = new LogLineParser({ host: h.host, source, kind, utcOffsetMinutes: h.logs.utcOffsetMinutes });
        parsers.set(raw.path, parser);
      }
      out.push(...parser.push(raw));
    }
  }
  for (const parser of parsers.values()) out.push(...parser.flush());
  return out;
}
