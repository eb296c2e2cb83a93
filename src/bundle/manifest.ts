// manifest.json: one record per collected item (what, from where, how it went, what was cut or redacted),
// and whether the bundle is complete. Written last into the archive, through the redactor like everything else.
import type { BundleRedactor } from './redact/redactor.js';
import type { RedactionRecord, RedactionSummary } from './redact/types.js';

export const MANIFEST_VERSION = 1;

// file: a copied file; command: a command's output; log: a log file (maybe capped); metadata: a secret file
// listed, never copied; host: the host itself (unreachable, connection lost).
export type ManifestItemKind = 'file' | 'command' | 'log' | 'metadata' | 'host';

export interface FileMetadata {
  readonly mode: string; // "-rw-------"
  readonly owner: string;
  readonly group: string;
  readonly size: number;
  readonly mtime?: string;
}

export interface ManifestEntry {
  readonly host: string;
  readonly component: string; // "postfix", "cyrus", "system", ...
  readonly kind: ManifestItemKind;
  readonly path?: string; // file, log, metadata
  readonly argv?: readonly string[]; // command
  readonly archivePath?: string; // where it is in the archive; none when nothing was written
  readonly exitCode?: number | null; // command: null when killed
  readonly start: string; // ISO 8601
  readonly durationMs: number;
  readonly size: number; // bytes in the archive
  readonly sourceSize?: number; // the file's size on the host, when it was cut
  readonly sha256?: string; // of the bytes in the archive
  readonly truncated: boolean;
  readonly timedOut: boolean;
  readonly redactions: number;
  readonly redactionsByRule?: Readonly<Record<string, number>>;
  readonly redactedLines?: readonly RedactionRecord[]; // line and rule, never the value
  readonly redactedLinesDropped?: number;
  readonly metadata?: FileMetadata;
  readonly error?: string;
}

export interface ManifestHost {
  readonly name: string;
  readonly status: 'complete' | 'partial' | 'failed';
  readonly items: number;
  readonly errors: number;
}

export interface Manifest {
  readonly version: typeof MANIFEST_VERSION;
  readonly tool: string; // "oxdoctor 0.1.0"
  readonly site: string;
  readonly created: string;
  readonly since?: string;
  readonly until?: string;
  readonly obfuscated: boolean;
  readonly partial: boolean; // some item failed or timed out: the exit code says so too
  readonly hosts: readonly ManifestHost[];
  readonly items: readonly ManifestEntry[];
}

// What the collector knows when an item ends.
export interface ItemOutcome {
  readonly archivePath?: string;
  readonly exitCode?: number | null;
  readonly size?: number;
  readonly sourceSize?: number;
  readonly sha256?: string;
  readonly truncated?: boolean;
  readonly timedOut?: boolean;
  readonly redaction?: RedactionSummary;
  readonly metadata?: FileMetadata;
  readonly error?: string;
}

export type ItemIdentity = Pick<ManifestEntry, 'host' | 'component' | 'kind' | 'path' | 'argv'>;

export interface ManifestHeader {
  readonly tool: string;
  readonly site: string;
  readonly since?: string;
  readonly until?: string;
  readonly obfuscated?: boolean;
}

export class ManifestBuilder {
  private readonly entries: ManifestEntry[] = [];
  private readonly created: string;

  constructor(
    private readonly header: ManifestHeader,
    private readonly now: () => number = Date.now,
  ) {
    this.created = new Date(now()).toISOString();
  }

  // Starts timing an item; finish() records it.
  start(item: ItemIdentity): { finish: (outcome: ItemOutcome) => ManifestEntry } {
    const startMs = this.now();
    return { finish: (outcome) => this.add(entryOf(item, startMs, this.now() - startMs, outcome)) };
  }

  add(entry: ManifestEntry): ManifestEntry {
    this.entries.push(entry);
    return entry;
  }

  // A host that could not be reached or was lost: one error entry; its other items are simply absent.
  hostFailed(host: string, error: string, startMs = this.now(), timedOut = false): ManifestEntry {
    return this.add(
      entryOf({ host, component: 'host', kind: 'host' }, startMs, this.now() - startMs, { error, timedOut }),
    );
  }

  build(): Manifest {
    const names = [...new Set(this.entries.map((e) => e.host))];
    const hosts = names.map((name): ManifestHost => {
      const mine = this.entries.filter((e) => e.host === name);
      const errors = mine.filter(failed).length;
      const hostDown = mine.some((e) => e.kind === 'host' && failed(e));
      const status = hostDown ? 'failed' : errors > 0 ? 'partial' : 'complete';
      return { name, status, items: mine.filter((e) => e.kind !== 'host').length, errors };
    });
    return {
      version: MANIFEST_VERSION,
      tool: this.header.tool,
      site: this.header.site,
      created: this.created,
      ...(this.header.since !== undefined ? { since: this.header.since } : {}),
      ...(this.header.until !== undefined ? { until: this.header.until } : {}),
      obfuscated: this.header.obfuscated ?? false,
      partial: this.entries.some(failed),
      hosts,
      items: [...this.entries],
    };
  }
}

// An item that did not give what it should: an error, or a timeout. A non-zero exit is not one by itself
// (grep finding nothing, a service not running: the output says so).
export function failed(e: ManifestEntry): boolean {
  return e.error !== undefined || e.timedOut;
}

// manifest.json's text, every string (file names, argv, errors) through the redactor one by one, so the
// JSON stays JSON (redacting its text would mask the counts after keys like "generic password").
export function manifestJson(manifest: Manifest, redactor: BundleRedactor): string {
  const subject = { kind: 'text', name: 'manifest.json' } as const;
  const deep = (v: unknown): unknown => {
    if (typeof v === 'string') return redactor.redactText(v, subject).text;
    if (Array.isArray(v)) return v.map(deep);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [deep(k), deep(x)]));
    return v;
  };
  return `${JSON.stringify(deep(manifest), null, 2)}\n`;
}

function entryOf(item: ItemIdentity, startMs: number, durationMs: number, o: ItemOutcome): ManifestEntry {
  const r = o.redaction;
  return {
    ...item,
    ...(o.archivePath !== undefined ? { archivePath: o.archivePath } : {}),
    ...(o.exitCode !== undefined ? { exitCode: o.exitCode } : {}),
    start: new Date(startMs).toISOString(),
    durationMs,
    size: o.size ?? 0,
    ...(o.sourceSize !== undefined ? { sourceSize: o.sourceSize } : {}),
    ...(o.sha256 !== undefined ? { sha256: o.sha256 } : {}),
    truncated: o.truncated ?? false,
    timedOut: o.timedOut ?? false,
    redactions: r?.count ?? 0,
    ...(r && r.count > 0
      ? { redactionsByRule: r.byRule, redactedLines: r.records, redactedLinesDropped: r.recordsDropped }
      : {}),
    ...(o.metadata !== undefined ? { metadata: o.metadata } : {}),
    ...(o.error !== undefined ? { error: o.error } : {}),
  };
}
