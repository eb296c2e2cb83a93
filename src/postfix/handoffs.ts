// Where a host's postfix (and its amavis) hands mail to an SMTP listener: relayhost, content_filter (main.cf and
// master.cf -o), transport_maps entries with a next hop, BCC destinations through the transport table, and
// amavisd's $forward_method/$notify_method. Pure: the caller reads the tables and files.
import { isLoopback, parseNextHop } from './content-filter.js';
import type { MasterService } from './master-cf.js';

export type HandoffKind = 'relayhost' | 'content_filter' | 'transport' | 'amavis';

export interface Handoff {
  readonly kind: HandoffKind;
  readonly origin: string; // where it is configured: "relayhost in main.cf", "transport hash:/etc/postfix/transport: x"
  readonly value: string; // as configured: "smtpcopy:[127.0.10.4]:10025"
  readonly transport: string; // master.cf transport that delivers: "smtp", "smtpcopy", "smtp-amavis"
  readonly host: string; // brackets removed
  readonly port: number;
  readonly via?: readonly string[]; // what sends mail this way: "recipient_bcc_maps pcre:/etc/postfix/duplicate_mail"
}

export interface TransportEntry {
  readonly table: string; // "hash:/etc/postfix/transport"
  readonly key: string; // "serverb.example.com"
  readonly value: string; // "smtpcopy:[127.0.10.4]:10025"
}

export interface BccDestination {
  readonly use: string; // "recipient_bcc_maps pcre:/etc/postfix/duplicate_mail", "archivecleanup -o sender_bcc_maps ..."
  readonly domain: string; // the domain the copies go to
}

export interface AmavisMethod {
  readonly name: 'forward_method' | 'notify_method';
  readonly value: string; // "smtp:[127.0.0.1]:10025"
  readonly source: string; // "$forward_method in /etc/amavisd/amavisd.conf" or "amavisd's default"
}

export interface HandoffInput {
  readonly get: (name: string) => string | undefined; // main.cf, unexpanded
  readonly expand: (value: string) => string;
  readonly services: readonly MasterService[];
  readonly transportEntries: readonly TransportEntry[];
  readonly bcc: readonly BccDestination[];
  readonly amavis: readonly AmavisMethod[]; // empty when amavis is not installed
}

const SMTP_PORT = 25;
// Delivery agents that speak SMTP to the next hop; lmtp, pipe, local, error, discard hand mail to no listener here.
const SMTP_AGENTS = new Set(['smtp']);

export function listHandoffs(input: HandoffInput): Handoff[] {
  const out: Handoff[] = [];
  const add = (kind: HandoffKind, origin: string, value: string, via?: string[]): void => {
    const h = toHandoff(kind, origin, value, input, via);
    if (h && !out.some((o) => sameHandoff(o, h))) out.push(h);
  };
  const relayhost = input.expand(input.get('relayhost') ?? '').trim();
  if (relayhost !== '') add('relayhost', 'relayhost in main.cf', `smtp:${relayhost}`);

  const mainFilter = input.expand(input.get('content_filter') ?? '').trim();
  if (mainFilter !== '') add('content_filter', 'content_filter in main.cf', mainFilter);
  for (const s of input.services) {
    const filter = s.overrides.get('content_filter');
    if (filter !== undefined && filter.trim() !== '')
      add('content_filter', `-o content_filter of ${s.name} (master.cf line ${s.line})`, input.expand(filter));
  }

  for (const e of input.transportEntries) {
    const via = input.bcc.filter((b) => routeFor(input.transportEntries, b.domain) === e).map((b) => b.use);
    add('transport', `transport_maps ${e.table}: ${e.key}`, input.expand(e.value), via);
  }
  // amavisd only hands mail back where postfix hands it to amavisd: a content_filter to this machine.
  if (out.some((h) => h.kind === 'content_filter' && isLoopback(h.host))) {
    for (const value of new Set(input.amavis.map((m) => m.value)))
      add(
        'amavis',
        input.amavis
          .filter((m) => m.value === value)
          .map((m) => m.source)
          .join(' and '),
        value,
      );
  }
  return out;
}

// The transport entry postfix uses for a domain: the domain itself, then ".parent" entries (parent_domain_matches_
// subdomains does not cover transport_maps in postfix 2.3+ defaults; ".domain" keys are how subdomains match).
export function routeFor(entries: readonly TransportEntry[], domain: string): TransportEntry | undefined {
  const d = domain.toLowerCase();
  const exact = entries.find((e) => e.key.toLowerCase() === d);
  if (exact) return exact;
  const labels = d.split('.');
  for (let i = 1; i < labels.length; i++) {
    const parent = '.' + labels.slice(i).join('.');
    const hit = entries.find((e) => e.key.toLowerCase() === parent);
    if (hit) return hit;
  }
  return undefined;
}

function toHandoff(
  kind: HandoffKind,
  origin: string,
  value: string,
  input: HandoffInput,
  via?: string[],
): Handoff | null {
  const hop = parseNextHop(value);
  if (!hop?.host) return null;
  // A name without brackets is looked up in DNS (MX): not one address this check can match to a host.
  if (!hop.nexthop.replace(/^inet:/, '').startsWith('[') && !/^[\d.]+$|:/.test(hop.host)) return null;
  if (kind === 'transport' || kind === 'content_filter') {
    const service = findUnix(input.services, hop.transport);
    if (service && !SMTP_AGENTS.has(service.command)) return null;
    if (!service && hop.transport !== 'smtp') return null;
  }
  return {
    kind,
    origin,
    value,
    transport: hop.transport,
    host: hop.host,
    port: hop.port ?? SMTP_PORT,
    ...(via && via.length > 0 ? { via } : {}),
  };
}

function findUnix(services: readonly MasterService[], name: string): MasterService | undefined {
  return [...services].reverse().find((s) => s.name === name && s.type === 'unix');
}

function sameHandoff(a: Handoff, b: Handoff): boolean {
  return a.kind === b.kind && a.value === b.value && a.origin === b.origin;
}

// "serverb.example.com smtpcopy:[127.0.10.4]:10025" lines (a transport table's source, or `postmap -s`).
export function parseTransportLines(table: string, text: string): TransportEntry[] {
  const entries: TransportEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(\S+)\s+(\S+)/.exec(line);
    if (m?.[1] && m[2]) entries.push({ table, key: m[1], value: m[2] });
  }
  return entries;
}

// The domain a BCC result sends copies to: "${1}@serverb.example.com" -> serverb.example.com.
export function bccDomain(result: string): string {
  const at = result.lastIndexOf('@');
  if (at === -1) return '';
  const domain = result
    .slice(at + 1)
    .trim()
    .toLowerCase();
  return /^[a-z0-9.-]+$/.test(domain) ? domain : '';
}

export function describeHandoff(h: Handoff): string {
  const via = h.via ? ` (used by ${h.via.join(', ')})` : '';
  return `${h.origin} -> ${h.value}${via}`;
}
