// An imapflow session with a cyrus imapd as seen from the checked host: through the transport's tunnel, STARTTLS
// whose certificate is judged (config tls.requireTrusted / tls.fingerprints) before the password goes out, the
// session's lines as evidence (no credentials: imapflow hides them, and SASL lines are masked here as well).
import net from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { ImapFlow, ImapFlowOptions, ImapTransport } from 'imapflow';
import type { CheckContext } from '../../core/check.js';
import type { ImapCredentials } from '../../protocols/imap-session.js';
import { describeTls, type TlsSeen } from '../../protocols/tls.js';
import type { ProbeFailure, ProbeResult } from '../../protocols/types.js';
import { remainingMs } from '../../checkkit/probe.js';

const MAX_LINES = 400;

export interface FlowTarget {
  readonly host: string; // as seen from the checked host
  readonly port: number;
  readonly tlsName: string; // the name or address the certificate should carry
}

export async function withImapFlow<T>(
  ctx: Pick<CheckContext, 'transport' | 'signal' | 'deadline' | 'site'>,
  target: FlowTarget,
  credentials: ImapCredentials,
  work: (client: ImapFlow) => Promise<T>,
): Promise<ProbeResult<T> & { tls?: TlsSeen }> {
  const started = performance.now();
  const transcript: string[] = [];
  const took = () => Math.round(performance.now() - started);
  const trust = ctx.site.tls;
  const seen: TlsSeen = {};
  let untrusted: string | undefined;
  let tunnel: Awaited<ReturnType<typeof ctx.transport.tunnel>>;
  try {
    tunnel = await ctx.transport.tunnel(target.host, target.port);
  } catch (err) {
    return {
      ok: false,
      failure: 'unreachable',
      message: `no tunnel: ${describe(err)}`,
      transcript,
      durationMs: took(),
    };
  }
  const transport: ImapTransport = {
    connect: (_options, onConnect) => net.connect({ host: tunnel.host, port: tunnel.port }, onConnect),
    upgrade: (socket, _options, onSecure) => {
      const isAddress = /^[\d.]+$|:/.test(target.tlsName);
      const tls = tlsConnect({
        socket: socket as net.Socket,
        host: target.tlsName,
        servername: isAddress ? undefined : target.tlsName,
        rejectUnauthorized: false,
      });
      tls.once('secureConnect', () => {
        judge(tls, seen, trust?.fingerprints ?? []);
        transcript.push(`TLS: ${describeTls(seen)}`);
        if (trust?.requireTrusted && !seen.authorized && !seen.pinned) {
          untrusted = `its certificate is not trusted (${seen.authorizationError ?? 'unknown reason'}) and the config sets tls.requireTrusted: the password was not sent`;
          tls.destroy(new Error(untrusted));
          return;
        }
        onSecure();
      });
      return tls;
    },
  };
  const { ImapFlow: Flow } = await import('imapflow');
  const budget = remainingMs(ctx);
  const options: ImapFlowOptions = {
    host: tunnel.host,
    port: tunnel.port,
    secure: false,
    ...(trust?.requireTrusted ? { doSTARTTLS: true } : {}),
    transport,
    auth: {
      user: credentials.login,
      pass: credentials.password.reveal(),
      ...(credentials.authzid === undefined ? {} : { authzid: credentials.authzid }),
      loginMethod: 'AUTH=PLAIN',
    },
    logger: transcriptLogger(transcript),
    disableAutoIdle: true,
    disableCompression: true, // keeps the session's lines readable as evidence
    connectionTimeout: budget,
    greetingTimeout: budget,
    socketTimeout: budget,
  };
  const client = new Flow(options);
  client.on('error', () => undefined); // reported through the rejected call below
  const onAbort = () => client.close();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await client.connect();
    const value = await work(client);
    await client.logout().catch(() => undefined);
    return { ok: true, value, transcript, durationMs: took(), ...(seen.protocol ? { tls: seen } : {}) };
  } catch (err) {
    const failure = untrusted ? 'untrusted' : classify(err, ctx.signal.aborted);
    const message = untrusted ?? describe(err);
    return { ok: false, failure, message, transcript, durationMs: took() };
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    client.close();
    await tunnel.close();
  }
}

function judge(tls: TLSSocket, seen: TlsSeen, pins: readonly string[]): void {
  const cert = tls.getPeerCertificate();
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  seen.subject = first(cert?.subject?.CN);
  seen.issuer = first(cert?.issuer?.CN);
  seen.validTo = cert?.valid_to;
  seen.fingerprint256 = cert?.fingerprint256;
  seen.protocol = tls.getProtocol() ?? undefined;
  seen.authorized = tls.authorized;
  seen.authorizationError = tls.authorizationError ? String(tls.authorizationError) : undefined;
  seen.pinned = seen.fingerprint256 !== undefined && pins.includes(seen.fingerprint256.toUpperCase());
}

// imapflow's debug records of the lines it reads (src "s") and writes (src "c"); a SASL line is never shown.
function transcriptLogger(lines: string[]): NonNullable<ImapFlowOptions['logger']> {
  let authenticating = false;
  const add = (record: { src?: string; msg?: string }) => {
    if (lines.length >= MAX_LINES || (record.src !== 's' && record.src !== 'c') || typeof record.msg !== 'string')
      return;
    let text = record.msg.replace(/\r?\n$/, '');
    if (record.src === 'c') {
      if (/^\S+ (AUTHENTICATE|LOGIN)\b/i.test(text)) {
        authenticating = true;
        text = text.replace(/^(\S+ (?:AUTHENTICATE \S+|LOGIN)).*$/i, '$1 ********');
      } else if (authenticating) text = '********';
    } else if (authenticating && !text.startsWith('+')) authenticating = false;
    lines.push(`${record.src === 's' ? 'S' : 'C'}: ${text.length > 400 ? `${text.slice(0, 400)}...` : text}`);
  };
  const none = () => undefined;
  return { debug: add, info: none, warn: none, error: none, trace: none };
}

function classify(err: unknown, aborted: boolean): ProbeFailure {
  const e = err as { code?: string; authenticationFailed?: boolean };
  if (e.authenticationFailed) return 'auth';
  if (aborted || /TIMEOUT/i.test(e.code ?? '')) return 'timeout';
  if (e.code === 'ECONNREFUSED') return 'refused';
  if (e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH') return 'unreachable';
  if (/NoConnection|Closed|ECONNRESET|EPIPE/i.test(e.code ?? '')) return 'closed';
  return 'protocol-error';
}

function describe(err: unknown): string {
  const e = err as { message?: string; responseText?: string; code?: string };
  const text = e.responseText ? `${e.message ?? 'failed'}: ${e.responseText}` : (e.message ?? String(err));
  return e.code ? `${text} (${e.code})` : text;
}
