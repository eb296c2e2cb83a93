// TLS over a stream that already starts at the checked host: implicit (smtps 465, imaps 993) or after STARTTLS.
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { ProbeError, type Opener } from './types.js';

export interface TlsSeen {
  subject?: string;
  issuer?: string;
  validTo?: string;
  authorized?: boolean;
  authorizationError?: string;
  pinned?: boolean; // its SHA-256 is one the config trusts (tls.fingerprints)
  fingerprint256?: string;
  protocol?: string;
}

// Wraps an opener in a TLS handshake. The probe sends no credentials over it, so an untrusted
// certificate does not stop the greeting check; what was seen is reported through `seen`.
export function tlsOpener(open: Opener, servername: string, seen: TlsSeen = {}): Opener {
  return async (signal) => startTls(await open(signal), servername, signal, seen);
}

// The TLS handshake on `raw`. The certificate is judged (chain against the system CAs, then the name) and
// reported through `seen`, not enforced: the caller decides what it still sends over an untrusted channel.
export function startTls(raw: Duplex, servername: string, signal: AbortSignal, seen: TlsSeen = {}): Promise<TLSSocket> {
  const isAddress = /^[\d.]+$|:/.test(servername);
  return new Promise<TLSSocket>((resolve, reject) => {
    const socket = tlsConnect({
      socket: raw as never,
      servername: isAddress ? undefined : servername,
      // Without SNI, node checks the name against `host`; an address is matched against IP subjectAltNames.
      host: servername,
      rejectUnauthorized: false,
    });
    const onAbort = () => {
      socket.destroy();
      reject(new ProbeError('timeout', 'TLS handshake did not finish in time'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => {
      signal.removeEventListener('abort', onAbort);
      const cert = socket.getPeerCertificate();
      seen.subject = first(cert?.subject?.CN);
      seen.issuer = first(cert?.issuer?.CN);
      seen.validTo = cert?.valid_to;
      seen.fingerprint256 = cert?.fingerprint256;
      seen.protocol = socket.getProtocol() ?? undefined;
      seen.authorized = socket.authorized;
      seen.authorizationError = socket.authorizationError ? String(socket.authorizationError) : undefined;
      resolve(socket);
    });
    socket.once('error', (err) => {
      signal.removeEventListener('abort', onAbort);
      reject(new ProbeError('protocol-error', `TLS handshake failed: ${err.message}`));
    });
  });
}

// One line for evidence: who the certificate names, who signed it, and whether we trust it and why not.
export function describeTls(seen: TlsSeen): string {
  const trust = seen.authorized
    ? 'trusted (system CAs, name matches)'
    : seen.pinned
      ? `trusted: its SHA-256 is pinned in tls.fingerprints (by CA: ${seen.authorizationError ?? 'unknown reason'})`
      : `NOT trusted: ${seen.authorizationError ?? 'unknown reason'}`;
  return `${seen.protocol ?? 'TLS'}; certificate CN=${seen.subject ?? '?'} issued by CN=${seen.issuer ?? '?'}, valid to ${seen.validTo ?? '?'}, SHA-256 ${seen.fingerprint256 ?? '?'}; ${trust}`;
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
