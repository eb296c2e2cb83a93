// A delay reason split into the next hop it names and a normalised reason, so that 120 messages deferred
// by one dead server group together although each reason text carries its own address, time or id.

export interface ReasonKey {
  readonly nextHop: string; // "127.0.10.20[127.0.10.20]:25", "mx.example.org[192.0.2.1]", "" when none is named
  readonly reason: string;
}

const PREFIXES = /^(delivery temporarily suspended|deferred transport): /i;
const HOP = String.raw`([^\s\[\]]+\[[^\]]*\](?::\d+)?)`;
const PATTERNS: readonly [RegExp, (m: RegExpExecArray) => ReasonKey][] = [
  [new RegExp(`^connect to ${HOP}: (.*)$`, 's'), (m) => ({ nextHop: m[1]!, reason: m[2]! })],
  [new RegExp(`^host ${HOP} said: (.*)$`, 's'), (m) => ({ nextHop: m[1]!, reason: m[2]! })],
  [
    new RegExp(`^host ${HOP} refused to talk to me: (.*)$`, 's'),
    (m) => ({ nextHop: m[1]!, reason: `refused to talk to me: ${m[2]!}` }),
  ],
  [
    new RegExp(`^lost connection with ${HOP} while (.*)$`, 's'),
    (m) => ({ nextHop: m[1]!, reason: `lost connection while ${m[2]!}` }),
  ],
  [
    new RegExp(`^conversation with ${HOP} timed out while (.*)$`, 's'),
    (m) => ({ nextHop: m[1]!, reason: `timed out while ${m[2]!}` }),
  ],
  [
    /^(?:Host or domain name not found\. )?Name service error for name=(\S+) type=(\w+): (.*)$/s,
    (m) => ({ nextHop: m[1]!, reason: `name service error (${m[2]}): ${m[3]}` }),
  ],
  [
    /^(?:connect to )?([^\s:]+): (Connection refused|Connection timed out|No route to host|Network is unreachable)$/,
    (m) => ({ nextHop: m[1]!, reason: m[2]! }),
  ],
];

export function reasonKey(raw: string): ReasonKey {
  const text = raw.replace(/\s+/g, ' ').trim().replace(PREFIXES, '');
  for (const [re, make] of PATTERNS) {
    const m = re.exec(text);
    if (m) {
      const key = make(m);
      return { nextHop: key.nextHop, reason: normaliseReason(key.reason) };
    }
  }
  return { nextHop: '', reason: normaliseReason(text) };
}

// Removes what differs from message to message: addresses, times, dates, session and queue ids,
// and the repeated code prefixes of multi-line SMTP replies.
export function normaliseReason(text: string): string {
  return text
    .replace(/<[^<>\s]*>/g, '<address>')
    .replace(/[^\s<>()"',;]+@[^\s<>()"',;]+/g, '<address>')
    .replace(/\b(\d{3})-(\d\.\d{1,3}\.\d{1,3})\b/g, '$1 $2')
    .replace(/\b[A-Z][a-z]{2} +\d{1,2} +\d{1,2}:\d{2}(:\d{2})?\b/g, '<time>')
    .replace(/\b\d{1,2}:\d{2}:\d{2}\b/g, '<time>')
    .replace(/\b(?=[A-Za-z0-9._-]*\d)(?=[A-Za-z0-9._-]*[A-Za-z])[A-Za-z0-9._-]{10,}\b/g, (tok) =>
      /\.[A-Za-z]{2,}$/.test(tok) ? tok : '<id>',
    )
    .replace(/\b\d{5,}\b/g, '<n>')
    .replace(/\s+/g, ' ')
    .trim();
}

// "127.0.10.20[127.0.10.20]:25" -> "127.0.10.20:25"; a name with its address stays as postfix wrote it.
export function compactHop(hop: string): string {
  const m = /^([^[]+)\[([^\]]*)\](:\d+)?$/.exec(hop);
  if (m && m[1] === m[2]) return `${m[1]}${m[3] ?? ''}`;
  return hop;
}

// The address and port of a hop, for matching it against known endpoints.
export function hopAddress(hop: string): { host: string; port?: number } {
  const m = /^([^[]+)(?:\[([^\]]*)\])?(?::(\d+))?$/.exec(hop);
  if (!m) return { host: hop };
  const host = m[2] && m[2] !== '' ? m[2] : m[1]!;
  return m[3] ? { host, port: Number(m[3]) } : { host };
}
