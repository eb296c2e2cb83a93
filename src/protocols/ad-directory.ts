// The AD directory as the sync sees it: a bound ldapts client reached from the host's point of view
// (a transport tunnel), with the configured service account.
import { Client } from 'ldapts';
import type { CheckContext } from '../core/check.js';
import type { SiteConfig } from '../core/site.js';
import type { Transport } from '../core/transport.js';

export interface AdEndpoint {
  readonly target: string; // host:port
  readonly baseDn: string;
  readonly bindDn: string;
}

export class AdUnavailable extends Error {}

// How to reach AD: the site's endpoint, from a host's point of view (a tunnel over its transport) or, without
// one, from this machine.
export interface AdReach {
  readonly site: SiteConfig;
  readonly via?: Transport;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal; // unbinds (ends the connection) when it fires
}

// Runs fn with a bound client; throws AdUnavailable (with the reason) when no bind is possible.
export async function withAdClient<T>(reach: AdReach, fn: (client: Client, ad: AdEndpoint) => Promise<T>): Promise<T> {
  const endpoint = reach.site.endpoints.ldap;
  if (!endpoint) throw new AdUnavailable('no AD LDAP endpoint in the config (endpoints.ldap)');
  const url = new URL(endpoint.url);
  const secure = url.protocol === 'ldaps:';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port ? Number(url.port) : secure ? 636 : 389;
  const ad: AdEndpoint = { target: `${host}:${port}`, baseDn: endpoint.baseDn, bindDn: endpoint.bindDn ?? 'anonymous' };
  const tunnel = reach.via ? await reach.via.tunnel(host, port) : undefined;
  const client = new Client({
    url: `${secure ? 'ldaps' : 'ldap'}://${tunnel ? `127.0.0.1:${tunnel.port}` : url.host}`,
    timeout: reach.timeoutMs,
    connectTimeout: reach.timeoutMs,
    ...(secure ? { tlsOptions: { servername: host } } : {}),
  });
  const abort = () => void client.unbind().catch(() => {});
  reach.signal?.addEventListener('abort', abort, { once: true });
  try {
    try {
      await client.bind(endpoint.bindDn ?? '', endpoint.bindPassword?.reveal() ?? '');
    } catch (err) {
      throw new AdUnavailable(
        `AD LDAP at ${ad.target} refused the bind as ${ad.bindDn}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    return await fn(client, ad);
  } finally {
    reach.signal?.removeEventListener('abort', abort);
    await client.unbind().catch(() => {});
    await tunnel?.close();
  }
}

// A check's AD: from its host, within the check's deadline.
export function withAd<T>(ctx: CheckContext, fn: (client: Client, ad: AdEndpoint) => Promise<T>): Promise<T> {
  return withAdClient({ site: ctx.site, via: ctx.transport, timeoutMs: Math.max(1000, ctx.deadline - Date.now()) }, fn);
}

export function firstValue(entry: Record<string, unknown>, attribute: string): string | undefined {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
  const v = key === undefined ? undefined : entry[key];
  const first = Array.isArray(v) ? v[0] : v;
  if (first === undefined || first === null) return undefined;
  return Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
}

// Every value of an attribute (proxyAddresses has many), as strings.
export function allValues(entry: Record<string, unknown>, attribute: string): string[] {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
  const v = key === undefined ? [] : entry[key];
  return (Array.isArray(v) ? v : [v])
    .filter((x) => x !== undefined && x !== null)
    .map((x) => (Buffer.isBuffer(x) ? x.toString('utf8') : String(x)));
}
