// smtpd's (and postscreen's) lines about a client connection rather than a message: connect, disconnect with
// its command counters, lost connections and timeouts, protocol errors, TLS, and failed SASL logins.
import { type Classified } from './postfix-delivery.js';
import { type MessageShape, matchShapes, PEER } from './postfix-patterns.js';

const SHAPES: readonly MessageShape[] = [
  { re: new RegExp(`^connect from ${PEER}$`), kind: 'connect', groups: ['client'] },
  { re: new RegExp(`^disconnect from ${PEER}(?: (.*))?$`), kind: 'disconnect', groups: ['client', 'counters'] },
  {
    re: new RegExp(`^lost connection after (\\S+)(?: \\((\\d+) bytes\\))? from ${PEER}$`),
    kind: 'lost-connection',
    groups: ['stage', 'bytes', 'client'],
  },
  {
    re: new RegExp(`^timeout after (\\S+)(?: \\((\\d+) bytes\\))? from ${PEER}$`),
    kind: 'timeout',
    groups: ['stage', 'bytes', 'client'],
  },
  {
    re: new RegExp(`^too many errors after (\\S+)(?: \\((\\d+) bytes\\))? from ${PEER}$`),
    kind: 'too-many-errors',
    level: 'warn',
    groups: ['stage', 'bytes', 'client'],
  },
  {
    re: new RegExp(`^improper command pipelining after (\\S+) from ${PEER}:?(?: (.*))?$`, 's'),
    kind: 'pipelining',
    level: 'warn',
    groups: ['stage', 'client', 'text'],
  },
  {
    re: new RegExp(`^bare <LF> received after (\\S+) from ${PEER}$`),
    kind: 'bare-lf',
    level: 'warn',
    groups: ['stage', 'client'],
  },
  { re: new RegExp(`^setting up TLS connection (?:from|to) ${PEER}$`), kind: 'tls', groups: ['client'] },
  {
    re: new RegExp(`^(?:(\\w+) )?TLS connection established (?:from|to) ${PEER}: (.*)$`),
    kind: 'tls',
    groups: ['tls_trust', 'client', 'tls_cipher'],
  },
  { re: new RegExp(`^Used TLS for ${PEER}$`), kind: 'tls', groups: ['client'] },
  {
    re: new RegExp(`^(SSL_accept|SSL_connect) error (?:from|to) ${PEER}: (.*)$`),
    kind: 'tls-error',
    level: 'warn',
    groups: ['tls_call', 'client', 'text'],
  },
  {
    re: new RegExp(`^certificate verification failed for ${PEER}: (.*)$`),
    kind: 'tls-error',
    level: 'warn',
    groups: ['client', 'text'],
  },
  { re: /^discarding EHLO keywords: (.*)$/, kind: 'ehlo-discard', groups: ['text'] },
];

// "warning: host[ip]: SASL LOGIN authentication failed: reason[, sasl_username=user]"
const SASL_FAILED = new RegExp(`^${PEER}: SASL (\\S+) authentication failed:? ?(.*?)(?:, sasl_username=(\\S*))?$`);

export function parseSession(rest: string): Classified | undefined {
  const c = matchShapes(SHAPES, rest);
  if (c?.kind === 'disconnect' && c.fields.counters !== undefined) {
    for (const m of c.fields.counters.matchAll(/(\w+)=(\d+(?:\/\d+)?)/g)) c.fields[m[1]!] = m[2]!;
  }
  return c;
}

// The warnings smtpd writes about a client that failed to log in.
export function parseSaslFailure(warning: string): Classified | undefined {
  const s = matchShapes(
    [
      {
        re: SASL_FAILED,
        kind: 'auth-failed',
        level: 'warn',
        groups: ['client', 'sasl_method', 'reason', 'sasl_username'],
      },
    ],
    warning,
  );
  return s;
}
