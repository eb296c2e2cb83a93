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
