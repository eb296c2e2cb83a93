// Lab helper for the trace tests: the lab's hosts as collectTrace reads them (their own discovered log sources,
// transports from test/lab/oxdoctor.yaml), and the two mail flows the issue names, sent as the lab's SMTP
// clients would: Exchange into the relay's port 25, and a user into server A's port 25 (procmail, ssmtp).
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/index.js';
import { discoverSources } from '../../src/logs/discover.js';
import { HostAddressBook } from '../../src/trace/address-book.js';
import { collectTrace, type TraceHostInput } from '../../src/trace/collect.js';
import type { TraceQuery, TraceResult } from '../../src/trace/types.js';
import { TransportPool } from '../../src/transport/index.js';
import { breakFault, healFault, LAB_ADDRESSES } from '../lab/lab.js';
import { smtpSend } from '../lab/probes.js';

const CONFIG = fileURLToPath(new URL('../lab/oxdoctor.yaml', import.meta.url));
const HOSTS = ['relay', 'servera', 'servera2', 'serverb'] as const;

export interface TraceLab {
  trace(query: TraceQuery): Promise<TraceResult>;
  // Traces until `done` holds for the result (mail takes a moment through amavis and the hosts) or timeoutMs.
  traceUntil(query: TraceQuery, done: (r: TraceResult) => boolean, timeoutMs?: number): Promise<TraceResult>;
  close(): Promise<void>;
}

export async function openTraceLab(): Promise<TraceLab> {
  const site = await loadConfig({ explicitPath: CONFIG });
  const pool = new TransportPool();
  const specs = site.hosts.filter((h) => (HOSTS as readonly string[]).includes(h.name));
  const inputs: TraceHostInput[] = await Promise.all(
    specs.map(async (spec) => {
      const transport = pool.get(spec);
      const logs = await discoverSources(transport, spec.name);
      return { host: spec.name, transport, logs, addresses: [] };
    }),
  );
  const book = HostAddressBook.fromSite(site);
  const since = Date.now() - 10 * 60_000;
  const trace = (query: TraceQuery): Promise<TraceResult> =>
    collectTrace(inputs, { since, ...query, until: Date.now() }, { book });
  return {
    trace,
    async traceUntil(query, done, timeoutMs = 30_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const r = await trace(query);
        if (done(r) || Date.now() > end) return r;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    },
    close: () => pool.closeAll(),
  };
}

export interface Sent {
  readonly messageId: string; // without <>
  readonly queueId: string; // the first host's queue id, from its 250 reply
}

// Exchange's message to test1002 into the relay's port 25.
export function sendInbound(marker: string): Promise<Sent> {
  return send(LAB_ADDRESSES.relay, 'exch01@example.com', 'test1002@example.com', `${marker}-in@example.com`);
}

// test1001's message to exch02 into server A's port 25 (procmail, altermime, ssmtp to :11025).
export function sendOutbound(marker: string): Promise<Sent> {
  return send(LAB_ADDRESSES.servera, 'test1001@example.com', 'exch02@example.com', `${marker}-out@example.com`);
}

async function send(host: string, from: string, to: string, messageId: string): Promise<Sent> {
  const body = `From: ${from}\nTo: ${to}\nMessage-ID: <${messageId}>\nSubject: trace ${messageId}\n\ntrace test\n`;
  const transcript = await smtpSend(host, 25, from, [to], body);
  const queueId = /queued as ([0-9A-Za-z]+)/.exec(transcript)?.[1];
  if (!queueId) throw new Error(`${host}:25 did not queue the message: ${transcript}`);
  return { messageId, queueId };
}

export const marker = (name: string): string => `trace-${name}-${Date.now()}`;

// Runs fn with the lab fault broken, and heals it whatever happens.
export async function withFault<T>(fault: string, fn: () => Promise<T>): Promise<T> {
  await breakFault(fault);
  try {
    return await fn();
  } finally {
    await healFault(fault);
  }
}

// A trace that has reached an end for n recipients, none of them still "no cyrus line read" or in the
// middle of a hand-off (the mail settles within seconds; deferrals are immediate in the lab).
export const settled =
  (n: number) =>
  (r: TraceResult): boolean => {
    const ends = r.messages[0]?.ends ?? [];
    return ends.length >= n && ends.every((e) => !/no cyrus line|no delivery attempt/.test(e.detail));
  };
