// LDAP bind (and an optional base-object read) through ldapts, classified like every other probe.
import { Client, InvalidCredentialsError, NoSuchObjectError, ResultCodeError } from 'ldapts';
import type { Secret } from '../core/redact.js';
import { classifyError } from './classify.js';
import { DEFAULT_PROBE_TIMEOUT_MS } from './session.js';
import { Transcript } from './transcript.js';
import { ProbeError, type ProbeOptions, type ProbeResult } from './types.js';

export interface LdapProbeOptions extends ProbeOptions {
  readonly url: string; // ldap://host:port, e.g. a transport tunnel's loopback port
  readonly bindDn?: string; // anonymous when absent
  readonly password?: Secret;
  readonly baseDn?: string; // when given, read it back to prove the directory answers searches
  readonly tlsServername?: string; // ldaps through a tunnel: the name the certificate must carry
}

export interface LdapInfo {
  readonly bound: 'simple' | 'anonymous';
  readonly baseFound: boolean | null; // null when no baseDn was asked for
}

export async function probeLdap(options: LdapProbeOptions): Promise<ProbeResult<LdapInfo>> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const transcript = new Transcript();
  const client = new Client({
    url: options.url,
    timeout: timeoutMs,
    connectTimeout: timeoutMs,
    ...(options.tlsServername ? { tlsOptions: { servername: options.tlsServername } } : {}),
  });
  const timer = new AbortController();
  const handle = setTimeout(() => timer.abort(), timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timer.signal]) : timer.signal;
  const aborted = new Promise<never>((_, reject) => {
    const fail = () => reject(new ProbeError('timeout', `no LDAP answer within ${timeoutMs} ms`));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
  aborted.catch(() => {});
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const bound = options.bindDn ? 'simple' : 'anonymous';
    transcript.client(options.bindDn ? `BIND ${options.bindDn} (password ********)` : 'BIND anonymous');
    await Promise.race([client.bind(options.bindDn ?? '', options.password?.reveal() ?? ''), aborted]);
    transcript.server('bind: success (rc 0)');
    let baseFound: boolean | null = null;
    if (options.baseDn) {
      transcript.client(`SEARCH base ${options.baseDn} scope base (objectClass=*)`);
      const search = client
        .search(options.baseDn, { scope: 'base', filter: '(objectClass=*)', attributes: ['1.1'], sizeLimit: 1 })
        .then(
          (r) => r.searchEntries.length,
          (e: unknown) => (e instanceof NoSuchObjectError ? 0 : Promise.reject(e)),
        );
      const found = await Promise.race([search, aborted]);
      baseFound = found > 0;
      transcript.server(found > 0 ? 'search: base entry found' : 'search: no such object (rc 32)');
    }
    return { ok: true, value: { bound, baseFound }, transcript: transcript.all, durationMs: elapsed() };
  } catch (err) {
    const error = classifyLdap(err);
    transcript.server(`error: ${error.message}`);
    return {
      ok: false,
      failure: error.failure,
      message: error.message,
      transcript: transcript.all,
      durationMs: elapsed(),
    };
  } finally {
    clearTimeout(handle);
    await client.unbind().catch(() => {});
  }
}

function classifyLdap(err: unknown): ProbeError {
  if (err instanceof InvalidCredentialsError) {
    return new ProbeError('auth', `invalid credentials (rc 49): ${err.message}`);
  }
  if (err instanceof ResultCodeError) return new ProbeError('rejected', `LDAP result code ${err.code}: ${err.message}`);
  return classifyError(err);
}
