// An authenticated IMAP session for the test user: greeting, STARTTLS when offered, AUTHENTICATE PLAIN
// (SASL-IR when offered; with an authzid for an admin's proxy login) or LOGIN, then tagged commands whose
// untagged data (literals included) the caller reads.
import type { Secret } from '../core/redact.js';
import type { Connection } from './session.js';
import { runProbe } from './session.js';
import type { Transcript } from './transcript.js';
import { imapQuoted } from './imap-tokens.js';
import { describeTls, startTls, type TlsSeen } from './tls.js';
import { ProbeError, type Opener, type ProbeOptions, type ProbeResult } from './types.js';

export interface ImapCredentials {
  readonly login: string; // who authenticates (the user, or the admin of a proxy login)
  readonly password: Secret;
  readonly authzid?: string; // proxy login: the user whose mailbox the session acts on (PLAIN only)
  readonly sasl?: SaslMechanism; // a SASL mechanism other than PLAIN/LOGIN (GSSAPI), used instead of the password
}

// A client-side SASL mechanism: the initial response, then one response per server challenge (base64).
export interface SaslMechanism {
  readonly name: string;
  initial(): Promise<string>;
  respond(challenge: string): Promise<string>;
}

export interface ImapSessionOptions extends ProbeOptions {
  readonly tlsName?: string; // the name (or address) the server's certificate should carry; default "localhost"
  // A password goes only over TLS with a trusted certificate (CA-signed for tlsName, or one of these SHA-256s).
  readonly passwordTrust?: { readonly requireTrusted: boolean; readonly fingerprints: readonly string[] };
}

export interface ImapReply {
  readonly untagged: readonly string[]; // "* ..." responses, a literal kept inline as "{n}\r\n<bytes>"
  readonly status: 'OK' | 'NO' | 'BAD';
  readonly text: string; // the tagged line after the status
}

export interface ImapClient {
  readonly capabilities: readonly string[];
  // `command` is sent as is after the tag; build arguments with imapQuoted.
  command(command: string): Promise<ImapReply>;
}

export interface ImapLogin<T> {
  readonly greeting: string;
  readonly mechanism: string; // PLAIN, LOGIN or the SASL mechanism's name
  readonly capabilities: readonly string[]; // after login
  readonly loginMs: number;
  readonly value: T;
  readonly tls?: TlsSeen; // set when the session ran over STARTTLS
}

export function imapSession<T>(
  open: Opener,
  credentials: ImapCredentials,
  work: (client: ImapClient) => Promise<T>,
  options: ImapSessionOptions = {},
): Promise<ProbeResult<ImapLogin<T>>> {
  // Refused before any connection: a login name cannot smuggle a second command in.
  if (/[\r\n\0]/.test(credentials.login)) throw new TypeError('IMAP login name contains CR, LF or NUL');
  if (credentials.authzid !== undefined && /[\r\n\0]/.test(credentials.authzid))
    throw new TypeError('IMAP authorization name contains CR, LF or NUL');
  return runProbe(
    open,
    async ({ connect, upgrade, transcript }) => {
      let conn = await connect();
      const greeting = await conn.reader.line('\n', 'an IMAP greeting');
      transcript.server(greeting);
      if (/^\* BYE/i.test(greeting)) throw new ProbeError('rejected', `server refused the session: ${greeting}`);
      if (!/^\* OK\b/i.test(greeting))
        throw new ProbeError('bad-greeting', `expected an IMAP "* OK" greeting, got ${JSON.stringify(greeting)}`);
      let tagNo = 0;
      const nextTag = () => `A${++tagNo}`;
      const command = async (text: string, shown = text): Promise<ImapReply> => {
        const tag = nextTag();
        await conn.write(`${tag} ${text}\r\n`, `${tag} ${shown}`);
        return readReply(conn, transcript, tag);
      };
      let caps = capabilityList((await command('CAPABILITY')).untagged);
      let tls: TlsSeen | undefined;
      if (caps.includes('STARTTLS')) {
        // Offered: from here on the password goes over TLS or not at all.
        const reply = await command('STARTTLS');
        if (reply.status !== 'OK')
          throw new ProbeError(
            'rejected',
            `the server offers STARTTLS but refused it (${reply.status} ${reply.text}); credentials were not sent`,
          );
        const seen: TlsSeen = {};
        try {
          conn = await upgrade(conn, (raw, signal) => startTls(raw, options.tlsName ?? 'localhost', signal, seen));
        } catch (err) {
          if (!(err instanceof ProbeError) || err.failure === 'timeout') throw err;
          throw new ProbeError(
            'protocol-error',
            `the server offers STARTTLS but ${err.message}; credentials were not sent in clear`,
          );
        }
        seen.pinned =
          seen.fingerprint256 !== undefined &&
          (options.passwordTrust?.fingerprints ?? []).includes(seen.fingerprint256.toUpperCase());
        tls = seen;
        transcript.note(`TLS: ${describeTls(seen)}`);
        caps = capabilityList((await command('CAPABILITY')).untagged);
      }
      const started = performance.now();
      const sasl = credentials.sasl;
      if (sasl && !caps.includes(`AUTH=${sasl.name}`))
        throw new ProbeError('rejected', `the server does not offer AUTH=${sasl.name}`);
      if (!sasl && options.passwordTrust?.requireTrusted && !(tls?.authorized || tls?.pinned)) {
        const why = tls
          ? `its certificate is not trusted (${tls.authorizationError ?? 'unknown reason'})`
          : 'it offers no STARTTLS';
        throw new ProbeError('untrusted', `${why} and the config sets tls.requireTrusted: the password was not sent`);
      }
      const mechanism = sasl ? sasl.name : caps.includes('AUTH=PLAIN') ? 'PLAIN' : 'LOGIN';
      const login = sasl
        ? await saslExchange(conn, transcript, nextTag, sasl, caps.includes('SASL-IR'))
        : await authenticate(conn, transcript, command, nextTag, mechanism as 'PLAIN' | 'LOGIN', caps, credentials);
      const loginMs = Math.round(performance.now() - started);
      const who =
        credentials.authzid === undefined ? credentials.login : `${credentials.login} as ${credentials.authzid}`;
      if (login.status !== 'OK')
        throw new ProbeError('auth', `${mechanism} login of ${who} refused: ${login.status} ${login.text}`);
      const value = await work({ capabilities: caps, command: (t) => command(t) });
      await command('LOGOUT').catch(() => undefined);
      return { greeting, mechanism, capabilities: caps, loginMs, value, ...(tls ? { tls } : {}) };
    },
    options,
  );
}

async function authenticate(
  conn: Connection,
  transcript: Transcript,
  command: (text: string, shown?: string) => Promise<ImapReply>,
  nextTag: () => string,
  mechanism: 'PLAIN' | 'LOGIN',
  caps: readonly string[],
  { login, password, authzid }: ImapCredentials,
): Promise<ImapReply> {
  if (mechanism === 'LOGIN') {
    if (authzid !== undefined)
      throw new ProbeError(
        'rejected',
        `a proxy login (${login} as ${authzid}) needs AUTH=PLAIN, which the server does not offer`,
      );
    if (caps.includes('LOGINDISABLED'))
      throw new ProbeError('rejected', 'the server offers neither AUTH=PLAIN nor LOGIN before TLS (LOGINDISABLED)');
    return command(
      `LOGIN ${imapQuoted(login)} ${imapQuoted(password.reveal())}`,
      `LOGIN ${imapQuoted(login)} ********`,
    );
  }
  const response = Buffer.from(`${authzid ?? ''}\0${login}\0${password.reveal()}`, 'utf8').toString('base64');
  if (caps.includes('SASL-IR')) return command(`AUTHENTICATE PLAIN ${response}`, 'AUTHENTICATE PLAIN ********');
  const tag = nextTag();
  await conn.write(`${tag} AUTHENTICATE PLAIN\r\n`, `${tag} AUTHENTICATE PLAIN`);
  const prompt = await conn.reader.line('\n', 'a "+" continuation');
  transcript.server(prompt);
  if (!prompt.startsWith('+'))
    throw new ProbeError('protocol-error', `expected a "+" continuation, got ${JSON.stringify(prompt)}`);
  await conn.write(`${response}\r\n`, '********');
  return readReply(conn, transcript, tag);
}

// AUTHENTICATE with a SASL mechanism: every challenge answered until the tagged reply; tokens are not shown.
async function saslExchange(
  conn: Connection,
  transcript: Transcript,
  nextTag: () => string,
  sasl: SaslMechanism,
  saslIr: boolean,
): Promise<ImapReply> {
  const tag = nextTag();
  const first = await sasl.initial();
  const shown = (token: string) => (token === '' ? '(empty)' : `<${Buffer.from(token, 'base64').length} bytes>`);
  if (saslIr)
    await conn.write(
      `${tag} AUTHENTICATE ${sasl.name} ${first === '' ? '=' : first}\r\n`,
      `${tag} AUTHENTICATE ${sasl.name} ${shown(first)}`,
    );
  else await conn.write(`${tag} AUTHENTICATE ${sasl.name}\r\n`, `${tag} AUTHENTICATE ${sasl.name}`);
  let pending = saslIr ? null : first;
  for (let round = 0; round < 10; round++) {
    const line = await conn.reader.line('\n', `a "+" challenge or the reply to ${tag}`);
    if (!line.startsWith('+')) {
      transcript.server(line);
      const m = new RegExp(`^${tag} (OK|NO|BAD)\\b ?(.*)$`, 'i').exec(line);
      if (!m) throw new ProbeError('protocol-error', `unexpected line during AUTHENTICATE: ${JSON.stringify(line)}`);
      return { untagged: [], status: m[1]!.toUpperCase() as ImapReply['status'], text: m[2] ?? '' };
    }
    const challenge = line.slice(1).trim();
    transcript.server(`+ ${shown(challenge)}`);
    const answer = pending ?? (await sasl.respond(challenge));
    pending = null;
    await conn.write(`${answer}\r\n`, shown(answer));
  }
  throw new ProbeError('protocol-error', `AUTHENTICATE ${sasl.name} did not finish after 10 rounds`);
}

async function readReply(conn: Connection, transcript: Transcript, tag: string): Promise<ImapReply> {
  const untagged: string[] = [];
  for (;;) {
    let line = await conn.reader.line('\n', `the reply to ${tag}`);
    // A literal: its bytes and the rest of the response follow on the wire.
    for (let m = /\{(\d+)\+?\}$/.exec(line); m; m = /\{(\d+)\+?\}$/.exec(line)) {
      const bytes = await conn.reader.bytes(Number(m[1]), 'an IMAP literal');
      line += `\r\n${bytes.toString('utf8')}${await conn.reader.line('\n', `the reply to ${tag}`)}`;
    }
    transcript.server(line);
    if (line.startsWith(`${tag} `)) {
      const m = /^\S+ (OK|NO|BAD)\b ?(.*)$/i.exec(line);
      if (!m) throw new ProbeError('protocol-error', `unexpected tagged reply ${JSON.stringify(line)}`);
      return { untagged, status: m[1]!.toUpperCase() as ImapReply['status'], text: m[2] ?? '' };
    }
    if (/^\* BYE/i.test(line)) throw new ProbeError('closed', `server ended the session: ${line}`);
    untagged.push(line);
  }
}

function capabilityList(untagged: readonly string[]): string[] {
  const line = untagged.find((l) => /^\* CAPABILITY /i.test(l)) ?? '';
  return line
    .replace(/^\* CAPABILITY /i, '')
    .trim()
    .toUpperCase()
    .split(/\s+/)
    .filter(Boolean);
}
