// What the collector searches next, from the lines found so far: each queue id on the host that logged it, the
// queue id a hand-off names ("queued as X", amavis' queued_as) on the host at the relay address, and each
// Message-ID on every host (server A's procmail re-injection and cyrus' delivery lines carry only that), and
// amavis' task id on its host.
import type { LogLine } from '../logs/types.js';
import type { HostAddressBook } from './address-book.js';

export type Terms = Map<string, Set<string>>; // host -> literals

export function addTerm(terms: Terms, host: string, term: string): void {
  const set = terms.get(host) ?? new Set<string>();
  set.add(term);
  terms.set(host, set);
}

export function termsOf(lines: readonly LogLine[], hosts: readonly string[], book: HostAddressBook): Terms {
  const terms: Terms = new Map();
  // newest first: when an address names more messages than a round takes, the recent ones are followed
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (line.queueId) addTerm(terms, line.host, line.queueId);
    const queuedAs = line.fields.queued_as;
    if (queuedAs) {
      const ip = line.fields.relay_ip;
      const to = ip && !ip.startsWith('/') ? book.hostsAt(ip, line.host) : [line.host];
      for (const h of to) addTerm(terms, h, queuedAs);
    }
    // amavis' task id, for its scanner trouble lines that name no queue id
    if ((line.kind === 'passed' || line.kind === 'blocked') && line.fields.am_id) {
      addTerm(terms, line.host, `(${line.fields.am_id})`);
    }
    const messageId = line.fields['message-id'];
    if (messageId) for (const h of hosts) addTerm(terms, h, messageId);
  }
  return terms;
}

// The terms of `found` not yet searched on their host, at most `max` per host (an address can name thousands).
export function newTerms(found: Terms, searched: Terms, max: number): Terms {
  const out: Terms = new Map();
  for (const [host, set] of found) {
    const done = searched.get(host);
    const fresh = [...set].filter((t) => !done?.has(t)).slice(0, max);
    if (fresh.length > 0) out.set(host, new Set(fresh));
  }
  return out;
}

// Where a line was read on its host: its source (the live file's path), its file's place in the host's list
// (listFiles' order: each source's oldest file first) and its byte offset there.
export interface Place {
  readonly source: string;
  readonly file: number;
  readonly offset: number;
}

export const placeBefore = (a: Place, b: Place): boolean =>
  a.file < b.file || (a.file === b.file && a.offset < b.offset);

// host -> term -> the place its lines start at or after; null: anywhere (a term not in it: anywhere too).
export type Floors = Map<string, Map<string, Place | null>>;

// Where each term's lines can start, so a later round need not read the file before it. A queue id that a stay
// hands on to its own host (amavis' re-injection: "queued as X" to 127.0.0.1, amavis' queued_as) and amavis' task
// id of a stay's verdict are born after that stay: their lines come after its birth (smtpd's client= or
// pickup's line, the latest before the hand-off in the same source). Anything else (a stay's own queue id,
// whose birth may lie anywhere before its lines; a Message-ID, which an earlier stay on the host may carry;
// a hand-off to another host; a birth not read) has no floor: its files are read whole.
export function floorsOf(
  lines: readonly LogLine[],
  book: HostAddressBook,
  placeOf: (line: LogLine) => Place | undefined,
): Floors {
  const births = new Map<string, Place[]>(); // host/queue id -> its stays' births, in no order
  for (const line of lines) {
    const place = line.queueId && (line.kind === 'client' || line.kind === 'pickup') ? placeOf(line) : undefined;
    if (!place) continue;
    const k = `${line.host}/${line.queueId}`;
    const list = births.get(k);
    if (list) list.push(place);
    else births.set(k, [place]);
  }
  const birthBefore = (line: LogLine): Place | null => {
    const at = placeOf(line);
    if (!at || !line.queueId) return null;
    let best: Place | null = null;
    for (const b of births.get(`${line.host}/${line.queueId}`) ?? []) {
      if (b.source !== at.source || placeBefore(at, b)) continue;
      if (!best || placeBefore(best, b)) best = b;
    }
    return best;
  };
  const floors: Floors = new Map();
  const set = (host: string, term: string, place: Place | null): void => {
    const own = floors.get(host) ?? new Map<string, Place | null>();
    floors.set(host, own);
    const was = own.get(term);
    if (was === null) return;
    if (place === null || was === undefined) own.set(term, place);
    else if (was.source !== place.source) own.set(term, null);
    else if (placeBefore(place, was)) own.set(term, place);
  };
  for (const line of lines) {
    if (line.queueId) set(line.host, line.queueId, null);
    const queuedAs = line.fields.queued_as;
    if (queuedAs) {
      const ip = line.fields.relay_ip;
      const to = ip && !ip.startsWith('/') ? book.hostsAt(ip, line.host) : [line.host];
      for (const h of to) set(h, queuedAs, h === line.host ? birthBefore(line) : null);
    }
    if ((line.kind === 'passed' || line.kind === 'blocked') && line.fields.am_id) {
      set(line.host, `(${line.fields.am_id})`, birthBefore(line));
    }
  }
  return floors;
}
