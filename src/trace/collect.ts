// Reading a trace from the hosts: search every host's syslog files (live and rotated, filtered on the host by
// grep -F) for the query's id or address, then for what the lines found name (queue ids, queued-as ids on the
// receiving host, Message-IDs everywhere) for a few rounds, then build the trace from everything read. Each line
// found keeps its place (file, byte offset), so a later round reads a re-injection's ids only from the birth of
// the stay that made them on (floorsOf, planSearches).
import type { Transport } from '../core/transport.js';
import type { HostLogs } from '../logs/discover.js';
import { listFiles } from '../logs/files.js';
import { LogLineParser } from '../logs/line-parser.js';
import { type FoundLine, searchFiles } from '../logs/search.js';
import type { LogFile, LogLine } from '../logs/types.js';
import { correctionOf } from '../unix/clock-offset.js';
import { HostAddressBook } from './address-book.js';
import { buildTrace, MAX_MESSAGES } from './build.js';
import { addTerm, type Floors, floorsOf, newTerms, type Place, type Terms, termsOf } from './next-terms.js';
import { type QueueState, queueStates, withQueueStates } from './queue-state.js';
import { planSearches } from './search-plan.js';
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
  const places = new Map<string, Place>(); // the same key -> where the line was first read
  const searched: Terms = new Map();
  let pending: Terms = new Map();
  let floors: Floors = new Map();
  for (const h of hosts) for (const t of seedTerms(query)) addTerm(pending, h.host, t);
  const names = hosts.map((h) => h.host);
  for (let round = 1; round <= (options.maxRounds ?? 4) && pending.size > 0; round++) {
    const work = hosts.filter((h) => pending.has(h.host));
    progress(`round ${round}: ${work.map((h) => `${h.host} (${pending.get(h.host)!.size} ids)`).join(', ')}`);
    const found = await Promise.all(
      work.map((h) => {
        const terms = [...pending.get(h.host)!];
        return searchHost(h, files.get(h.host) ?? [], terms, floors.get(h.host), options.signal, progress);
      }),
    );
    for (const [host, set] of pending) for (const t of set) addTerm(searched, host, t);
    for (const { lines: read, places: at } of found) {
      for (const line of read) {
        const key = keyOf(line);
        lines.set(key, corrected(line, options.offsets));
        const place = at.get(line);
        if (place && !places.has(key)) places.set(key, place);
      }
    }
    const max = query.address ? MAX_ADDRESS_TERMS : MAX_TERMS_PER_ROUND;
    const sorted = byTime([...lines.values()]);
    pending = newTerms(termsOf(sorted, names, book), searched, max);
    if (pending.size > 0) floors = floorsOf(sorted, book, (line) => places.get(keyOf(line)));
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

const keyOf = (line: LogLine): string => `${line.host}\0${line.source}\0${line.raw}`;

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

// One round on one host: its planned searches side by side, their lines merged back into file order (a line
// two searches found counted once), parsed per file, each line with its place.
async function searchHost(
  h: TraceHostInput,
  files: readonly LogFile[],
  terms: readonly string[],
  floors: ReadonlyMap<string, Place | null> | undefined,
  signal: AbortSignal | undefined,
  progress: (text: string) => void,
): Promise<{ lines: LogLine[]; places: Map<LogLine, Place> }> {
  const onError = (error: Error): void => progress(`${h.host}: ${error.message}`);
  const plan = planSearches(files, terms, floors);
  const read = await Promise.all(
    plan.map(async (p) => {
      const out: FoundLine[] = [];
      const options = { fixed: p.terms, signal, onError, offsets: true, ...(p.startAt ? { startAt: p.startAt } : {}) };
      for await (const batch of searchFiles(h.transport, p.files, options)) out.push(...batch);
      return out;
    }),
  );
  const index = new Map(files.map((f, i) => [f.path, i]));
  const raws = plan.length === 1 ? read[0]! : inFileOrder(read.flat(), index);
  const parsers = new Map<string, LogLineParser>();
  const placeOf = new Map<string, Place>(); // source and text -> the first place read
  const out: LogLine[] = [];
  for (const raw of raws) {
    let parser = parsers.get(raw.path);
    if (!parser) {
      const { source, kind } = raw.source;
      parser = new LogLineParser({ host: h.host, source, kind, utcOffsetMinutes: h.logs.utcOffsetMinutes });
      parsers.set(raw.path, parser);
    }
    const file = index.get(raw.path);
    const key = `${raw.source.source}\0${raw.text}`;
    if (file !== undefined && raw.offset !== undefined && !placeOf.has(key))
      placeOf.set(key, { source: raw.source.path, file, offset: raw.offset });
    out.push(...parser.push(raw));
  }
  for (const parser of parsers.values()) out.push(...parser.flush());
  const places = new Map<LogLine, Place>();
  for (const line of out) {
    const place = placeOf.get(`${line.source}\0${line.raw}`);
    if (place) places.set(line, place);
  }
  return { lines: out, places };
}

// Lines of several searches in the files' order and each file's byte order, each line once.
function inFileOrder(lines: FoundLine[], index: ReadonlyMap<string, number>): FoundLine[] {
  const at = (l: FoundLine): [number, number] => [index.get(l.path) ?? -1, l.offset ?? -1];
  lines.sort((a, b) => {
    const [fa, oa] = at(a);
    const [fb, ob] = at(b);
    return fa - fb || oa - ob;
  });
  const again = (l: FoundLine, i: number): boolean =>
    i > 0 && l.offset !== undefined && l.path === lines[i - 1]!.path && l.offset === lines[i - 1]!.offset;
  return lines.filter((l, i) => !again(l, i));
}
