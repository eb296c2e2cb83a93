// The AD directory as the sync sees it: a bound ldapts client reached from the host's point of view
// (a transport tunnel), with the configured service account.
import { Client } from 'ldapts';
import type { CheckContext } from '../core/check.js';

export interface AdEndpoint {
  readonly target: string; // host:port
  readonly baseDn: string;
  readonly bindDn: string;
}

export class AdUnavailable extends Error {}

// Runs fn with a bound client; throws AdUnavailable (with the reason) when no bind is possible.
export async function withAd<T>(ctx: CheckContext, fn: (client: Client, ad: AdEndpoint) => Promise<T>): Promise<T> {
  const endpoint = ctx.site.endpoints.ldap;
  if (!endpoint) throw new AdUnavailable('no AD LDAP endpoint in the config (endpoints.ldap)');
  const url = new URL(endpoint.url);
  const secure = url.protocol === 'ldaps:';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port ? Number(url.port) : secure ? 636 : 389;
  const ad: AdEndpoint = { target: `${host}:${port}`, baseDn: endpoint.baseDn, bindDn: endpoint.bindDn ?? 'anonymous' };
  const tunnel = await ctx.transport.tunnel(host, port);
  const timeout = Math.max(1000, ctx.deadline - Date.now());
  const client = new Client({
    url: `${secure ? 'ldaps' : 'ldap'}://127.0.0.1:${tunnel.port}`,
    timeout,
    connectTimeout: timeout,
    ...(secure ? { tlsOptions: { servername: host } } : {}),
  });
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
    await client.unbind().catch(() => {});
    await tunnel.close();
  }
}

export function firstValue(entry: Record<string, unknown>, attribute: string): string | undefined {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
  const v = key === undefined ? undefined : entry[key];
  const first = Array.isArray(v) ? v[0] : v;
  if (first === undefined || first === null) return undefined;
  return Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
}
