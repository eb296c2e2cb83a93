// Implicit TLS (smtps 465, imaps 993) over a stream that already starts at the checked host.
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { ProbeError, type Opener } from './types.js';

export interface TlsSeen {
  subject?: string;
  issuer?: string;
  validTo?: string;
  authorized?: boolean;
  authorizationError?: string;
}

// Wraps an opener in a TLS handshake. The probe sends no credentials over it, so an untrusted
// certificate does not stop the greeting check; what was seen is reported through `seen`.
export function tlsOpener(open: Opener, servername: string, seen: TlsSeen = {}): Opener {
  return async (signal) => {
    const raw = await open(signal);
    return await new Promise<TLSSocket>((resolve, reject) => {
      const socket = tlsConnect({
        socket: raw as never,
        servername: /^[\d.]+$|:/.test(servername) ? undefined : servername,
        rejectUnauthorized: false, // judged below and reported, never used to send secrets
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
        seen.authorized = socket.authorized;
        seen.authorizationError = socket.authorizationError ? String(socket.authorizationError) : undefined;
        resolve(socket);
      });
      socket.once('error', (err) => {
        signal.removeEventListener('abort', onAbort);
        reject(new ProbeError('protocol-error', `TLS handshake failed: ${err.message}`));
      });
    });
  };
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
