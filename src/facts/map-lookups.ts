// Lookups in a host's postfix tables for one sweep: ldap maps through LdapMapClient, pcre maps in JS, every
// other type through `postmap -q` on the host; answers cached, and the ones oxdoctor computed itself kept
// for the cross-check against postmap.
import type { CheckContext } from '../core/check.js';
import { Secret } from '../core/redact.js';
import { readText } from './read-text.js';
import { bindPassword, parseLdapTable } from '../postfix/ldap-table.js';
import type { TableRef } from '../postfix/main-cf.js';
import { evaluatePcre, parsePcreTable, type PcreTable } from '../postfix/pcre-table.js';
import {
  causeOf,
  parsePostmapBatch,
  postmapBatchArgv,
  type PostmapAnswer,
  type PostmapLookup,
} from '../postfix/postmap-query.js';
import { postmapKeys } from './postmap-keys.js';
import { LdapMapClient } from '../protocols/ldap-map-client.js';

export interface OwnAnswer {
  readonly table: TableRef;
  readonly key: string;
  readonly answer: PostmapAnswer;
}

export class MapLookups {
  readonly ldap = new Map<string, LdapMapClient | { readonly missing: string }>();
  // The file read in flight per map: lookups of several keys at once share one client (each client is a tunnel
  // and a bind that close() must find; a second client made by a concurrent lookup was never closed).
  private readonly loading = new Map<string, Promise<LdapMapClient | { readonly missing: string }>>();
  private readonly pcre = new Map<string, PcreTable | null>();
  private readonly cache = new Map<string, Promise<PostmapAnswer>>();
  readonly own: OwnAnswer[] = []; // answers computed here (ldap, pcre), for the cross-check

  constructor(
    private readonly ctx: CheckContext,
    private readonly configDirectory: string,
  ) {}

  // Reads each ldap map file once (evidence masks bind_pw; the value becomes a registered Secret).
  loadLdap(path: string): Promise<LdapMapClient | { readonly missing: string }> {
    let loading = this.loading.get(path);
    if (!loading) this.loading.set(path, (loading = this.readLdap(path)));
    return loading;
  }

  private async readLdap(path: string): Promise<LdapMapClient | { readonly missing: string }> {
    const file = await readText(this.ctx, path);
    const loaded =
      file === null
        ? { missing: `${path} does not exist` }
        : new LdapMapClient(this.ctx, path, parseLdapTable(file.text), secretOf(file.text, path));
    this.ldap.set(path, loaded);
    return loaded;
  }

  lookup = (table: TableRef, key: string): Promise<PostmapAnswer> => {
    const id = `${table.type}:${table.name}\0${key}`;
    let answer = this.cache.get(id);
    if (!answer) {
      answer = this.compute(table, key);
      this.cache.set(id, answer);
    }
    return answer;
  };

  private async compute(table: TableRef, key: string): Promise<PostmapAnswer> {
    if (table.type === 'ldap') {
      const client = await this.loadLdap(table.name);
      if ('missing' in client) return { kind: 'error', cause: 'missing', message: client.missing };
      return this.keep(table, key, await client.lookup(key));
    }
    if (table.type === 'pcre') {
      const pcre = await this.loadPcre(table.name);
      const answer = pcre ? evaluatePcre(pcre, key) : null;
      if (answer && answer.found !== 'unknown') {
        return this.keep(table, key, answer.found ? { kind: 'found', value: answer.value } : { kind: 'not-found' });
      }
    }
    return this.postmapBatched({ key, table: `${table.type}:${table.name}` });
  }

  // Lookups asked for in the same turn of the event loop (routes of several addresses run at once) go to
  // the host in one postmap batch: one remote command instead of one per key.
  private pending: { lookup: PostmapLookup; resolve: (a: PostmapAnswer) => void }[] = [];

  private postmapBatched(lookup: PostmapLookup): Promise<PostmapAnswer> {
    return new Promise((resolve) => {
      if (this.pending.length === 0) {
        setImmediate(() => {
          const batch = this.pending;
          this.pending = [];
          void this.postmap(batch.map((b) => b.lookup)).then((answers) =>
            batch.forEach((b, i) =>
              b.resolve(answers[i] ?? { kind: 'error', cause: 'other', message: 'postmap gave no answer' }),
            ),
          );
        });
      }
      this.pending.push({ lookup, resolve });
    });
  }

  private keep(table: TableRef, key: string, answer: PostmapAnswer): PostmapAnswer {
    this.own.push({ table, key, answer });
    return answer;
  }

  private async loadPcre(path: string): Promise<PcreTable | null> {
    if (!this.pcre.has(path)) {
      const file = await readText(this.ctx, path);
      this.pcre.set(path, file ? parsePcreTable(file.text) : null);
    }
    return this.pcre.get(path) ?? null;
  }

  // Many lookups in one remote sh run; the answers in order.
  async postmap(lookups: readonly PostmapLookup[]): Promise<PostmapAnswer[]> {
    if (lookups.length === 0) return [];
    const r = await this.ctx.exec(postmapBatchArgv(lookups, this.configDirectory), { timeoutMs: 30_000 });
    const parsed = parsePostmapBatch(r.stdout, lookups.length);
    if (parsed) return parsed;
    const why = `postmap -q did not run to the end (exit ${r.code}${r.timedOut ? ', timed out' : ''}: ${r.stderr.trim().split('\n')[0] ?? ''})`;
    return lookups.map(() => ({ kind: 'error', cause: 'other', message: why }));
  }

  // The cross-check: one `postmap -q -` per table (keys on stdin; one connection and bind for an ldap map),
  // tables in parallel; the answers in the order asked. Keys with line breaks go through the argv batch.
  async postmapPerTable(asked: readonly PostmapLookup[]): Promise<PostmapAnswer[]> {
    const byTable = new Map<string, string[]>();
    for (const l of asked) if (!/[\r\n]/.test(l.key)) byTable.set(l.table, [...(byTable.get(l.table) ?? []), l.key]);
    const answers = new Map<string, Map<string, PostmapAnswer>>();
    await Promise.all(
      [...byTable].map(async ([table, keys]) => {
        const r = await postmapKeys(this.ctx, this.configDirectory, table, keys, 30_000);
        const failed: PostmapAnswer | null = r.error
          ? { kind: 'error', cause: causeOf(r.error), message: r.error }
          : null;
        const value = (k: string): PostmapAnswer => {
          const v = r.found.get(k.toLowerCase());
          return failed ?? (v === undefined ? { kind: 'not-found' } : { kind: 'found', value: v });
        };
        answers.set(table, new Map(keys.map((k) => [k, value(k)])));
      }),
    );
    const rest = asked.filter((l) => /[\r\n]/.test(l.key));
    const restAnswers = await this.postmap(rest);
    return asked.map(
      (l) =>
        answers.get(l.table)?.get(l.key) ??
        restAnswers[rest.indexOf(l)] ?? { kind: 'error', cause: 'other', message: 'postmap gave no answer' },
    );
  }

  async close(): Promise<void> {
    await Promise.all([...this.ldap.values()].map((c) => ('missing' in c ? undefined : c.close())));
  }
}

function secretOf(text: string, path: string): Secret | undefined {
  const pw = bindPassword(text);
  return pw === '' ? undefined : new Secret(pw, `bind_pw of ${path}`);
}
