// One postfix ldap map evaluated with ldapts from the checked host's point of view, with the map's own
// server_host, bind_dn and bind_pw: connect, bind, and answer lookups as postfix would.
import { Client, InvalidCredentialsError, NoSuchObjectError, type Entry } from 'ldapts';
import type { CheckContext } from '../core/check.js';
import type { Secret } from '../core/redact.js';
import { classifyError } from './classify.js';
import { runProbe } from './session.js';
import { formatResult, isSuppressed, ldapQueryFor, type LdapEntry } from '../postfix/ldap-expand.js';
import { keyFromEntry, sampleQuery } from '../postfix/ldap-sample.js';
import type { LdapServer, LdapTable } from '../postfix/ldap-table.js';
import type { LookupErrorCause, PostmapAnswer } from '../postfix/postmap-query.js';
import type { Tunnel } from '../transport/types.js';
import { openerFor, remainingMs } from './opener.js';

export type Opened =
  | { readonly ok: true; readonly server: LdapServer; readonly bound: string }
  | { readonly ok: false; readonly cause: LookupErrorCause; readonly message: string };

export class LdapMapClient {
  private client: Client | null = null;
  private tunnel: Tunnel | null = null;
  private opened: Promise<Opened> | null = null;

  constructor(
    private readonly ctx: CheckContext,
    readonly path: string,
    readonly table: LdapTable,
    private readonly password: Secret | undefined,
  ) {}

  open(): Promise<Opened> {
    this.opened ??= this.connectAndBind();
    return this.opened;
  }

  // The first server of server_host that accepts a connection, as the LDAP library does; then the bind.
  private async connectAndBind(): Promise<Opened> {
    const failures: string[] = [];
    let lastCause: LookupErrorCause = 'unreachable';
    for (const server of this.table.servers) {
      if (server.scheme === 'ldapi') {
        failures.push(`${server.url}: ldapi sockets are evaluated by postmap only`);
        lastCause = 'other';
        continue;
      }
      const target = `${server.host}:${server.port}`;
      const reach = await runProbe(
        openerFor(this.ctx, server.host, server.port),
        async ({ connect }) => void (await connect()),
        {
          signal: this.ctx.signal,
          timeoutMs: Math.min(this.table.timeoutSeconds * 1000, remainingMs(this.ctx)),
        },
      );
      if (!reach.ok) {
        failures.push(
          `${target} ${reach.failure === 'timeout' ? 'did not answer in time' : `is unreachable (${reach.message})`}`,
        );
        lastCause = reach.failure === 'timeout' ? 'timeout' : 'unreachable';
        continue;
      }
      return this.bindTo(server);
    }
    return { ok: false, cause: lastCause, message: failures.join('; ') || 'server_host lists no server' };
  }

  private async bindTo(server: LdapServer): Promise<Opened> {
    const who = this.table.bind === 'simple' && this.table.bindDn ? this.table.bindDn : 'anonymous';
    try {
      this.tunnel = await this.ctx.transport.tunnel(server.host, server.port);
      const secure = server.scheme === 'ldaps';
      const timeout = Math.min(this.table.timeoutSeconds * 1000, remainingMs(this.ctx));
      this.client = new Client({
        url: `${secure ? 'ldaps' : 'ldap'}://127.0.0.1:${this.tunnel.port}`,
        timeout,
        connectTimeout: timeout,
        ...(secure ? { tlsOptions: { servername: server.host } } : {}),
      });
      if (this.table.startTls) await this.client.startTLS({ servername: server.host });
      if (this.table.bind === 'sasl')
        return { ok: false, cause: 'other', message: 'SASL binds are evaluated by postmap only' };
      if (this.table.bind === 'simple') await this.client.bind(this.table.bindDn, this.password?.reveal() ?? '');
      this.ctx.record(`LDAP ${this.path}: BIND ${who} at ${server.url} (password ********)`, 'success (rc 0)');
      return { ok: true, server, bound: who };
    } catch (err) {
      const failed = this.failure(err);
      this.ctx.record(`LDAP ${this.path}: BIND ${who} at ${server.url} (password ********)`, failed.message);
      return { ok: false, ...failed };
    }
  }

  // What the map answers for key; errors keep their cause so "not found" never hides a failure.
  async lookup(key: string): Promise<PostmapAnswer> {
    const opened = await this.open();
    if (!opened.ok) return { kind: 'error', cause: opened.cause, message: opened.message };
    const query = ldapQueryFor(this.table, key);
    const label = `LDAP ${this.path}: lookup ${JSON.stringify(key)}`;
    if (isSuppressed(query)) {
      this.ctx.record(label, `no query sent: ${query.suppressed}`);
      return { kind: 'not-found' };
    }
    try {
      const entries = await this.search(query.base, query.scope, query.filter, [...query.attributes]);
      const value = formatResult(this.table, key, entries);
      this.ctx.record(
        `${label}: SEARCH base "${query.base}" scope ${query.scope} filter ${query.filter}`,
        `${entries.length} entries -> ${value ?? '(not found)'}`,
      );
      return value === null ? { kind: 'not-found' } : { kind: 'found', value };
    } catch (err) {
      const failed = this.failure(err);
      this.ctx.record(`${label}: SEARCH ${query.filter}`, failed.message);
      return { kind: 'error', ...failed };
    }
  }

  // One key of the kind this map serves, read back from a directory entry; null when none can be found.
  async sampleKey(): Promise<{ key: string; localPart: boolean } | null> {
    const q = sampleQuery(this.table);
    if (!q || !(await this.open()).ok) return null;
    try {
      const entries = await this.search(this.table.searchBase, this.table.scope, q.filter, [q.attribute], 1);
      const key = entries[0] ? keyFromEntry(q, entries[0]) : null;
      this.ctx.record(`LDAP ${this.path}: sample SEARCH ${q.filter} (1 entry)`, key ? `key ${key}` : 'no entry');
      return key ? { key, localPart: q.keyIsLocalPart } : null;
    } catch (err) {
      this.ctx.record(`LDAP ${this.path}: sample SEARCH ${q.filter}`, this.failure(err).message);
      return null;
    }
  }

  private async search(
    base: string,
    scope: LdapTable['scope'],
    filter: string,
    attributes: string[],
    sizeLimit = this.table.sizeLimit,
  ): Promise<LdapEntry[]> {
    if (!this.client) throw new Error('not connected');
    try {
      const r = await this.client.search(base, {
        scope,
        filter,
        attributes,
        sizeLimit,
        timeLimit: this.table.timeoutSeconds,
      });
      return r.searchEntries.map(toEntry);
    } catch (err) {
      // postfix reads a missing search base as "not found", and a sample may stop at its size limit
      if (err instanceof NoSuchObjectError) return [];
      if (sizeLimit === 1 && /size ?limit/i.test(err instanceof Error ? err.message : '')) return [];
      throw err;
    }
  }

  private failure(err: unknown): { cause: LookupErrorCause; message: string } {
    if (err instanceof InvalidCredentialsError)
      return { cause: 'bind', message: `invalid credentials (rc 49) for ${this.table.bindDn || 'anonymous'}` };
    const p = classifyError(err);
    const cause: LookupErrorCause =
      p.failure === 'timeout'
        ? 'timeout'
        : ['refused', 'unreachable', 'closed'].includes(p.failure)
          ? 'unreachable'
          : 'other';
    return { cause, message: p.message };
  }

  async close(): Promise<void> {
    await this.client?.unbind().catch(() => {});
    await this.tunnel?.close().catch(() => {});
  }
}

function toEntry(e: Entry): LdapEntry {
  return e as unknown as LdapEntry;
}
