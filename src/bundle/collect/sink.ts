// Where every collected item goes: redacted (and obfuscated) as it streams into the tar.gz under
// "<bundle>/<rel>", with one manifest record per item. Past --max-size, items are skipped and recorded so.
import { Readable } from 'node:stream';
import { TransportError } from '../../core/errors.js';
import type { ItemIdentity, ItemOutcome, ManifestBuilder } from '../manifest.js';
import type { Obfuscator } from '../obfuscate.js';
import { safeName, safeStream } from '../pipeline.js';
import type { BundleRedactor } from '../redact/redactor.js';
import type { Subject } from '../redact/types.js';
import type { TarGzWriter } from '../tar-gz.js';
import { formatSize } from './size.js';

// What an item's producer hands over: the data (or a stream of it) and what it knows of the source.
export interface Produced {
  readonly rel: string; // "<host>/<component>/etc/postfix/main.cf"
  readonly subject: Subject;
  readonly source: Readable | Buffer;
  readonly maxBytes: number; // a guard on the redacted bytes; the source was capped already
  readonly sourceSize?: number; // when the source was cut
  readonly truncated?: boolean;
  // Called once the data has been written: how the command that made it ended (exit code, timeout, error).
  readonly done?: () => Promise<Pick<ItemOutcome, 'exitCode' | 'timedOut' | 'error' | 'truncated' | 'sourceSize'>>;
}

export class BundleSink {
  private readonly lost = new Map<string, string>(); // host -> why it was lost mid-run
  private readonly reported = new Set<string>();

  constructor(
    private readonly tar: TarGzWriter,
    readonly manifest: ManifestBuilder,
    readonly redactor: BundleRedactor,
    readonly obfuscator: Obfuscator | undefined,
    private readonly root: string,
    private readonly maxArchiveBytes: number | undefined,
    // After an item failed: is its host still answering? (A dead host would make every later item wait out
    // its timeout.)
    private readonly alive?: (host: string) => Promise<boolean>,
  ) {}

  get full(): boolean {
    return this.maxArchiveBytes !== undefined && this.tar.estimatedBytes >= this.maxArchiveBytes;
  }

  hostLost(host: string): string | undefined {
    return this.lost.get(host);
  }

  markLost(host: string, why: string): void {
    if (!this.lost.has(host)) this.lost.set(host, why);
  }

  // true the first time for a host: its lost-host entry is written once.
  firstReport(host: string): boolean {
    if (this.reported.has(host)) return false;
    this.reported.add(host);
    return true;
  }

  // One item: skipped past --max-size, else produced, written and recorded; null from produce: nothing there.
  async item(identity: ItemIdentity, produce: () => Promise<Produced | null>): Promise<void> {
    const timer = this.manifest.start(identity);
    const lost = this.lost.get(identity.host);
    if (lost !== undefined) {
      timer.finish({ error: `not collected: ${lost}` });
      return;
    }
    if (this.full) {
      timer.finish({ error: `skipped: the archive reached --max-size ${formatSize(this.maxArchiveBytes ?? 0)}` });
      return;
    }
    let produced: Produced | null = null;
    try {
      produced = await produce();
      if (!produced) return;
      const safe = safeStream(toReadable(produced.source), produced.subject, this.redactor, this.obfuscator);
      const added = await this.tar.addStream({ name: this.name(produced.rel) }, safe.stream, {
        maxBytes: produced.maxBytes,
      });
      const after = (await produced.done?.()) ?? {};
      const sourceSize = after.sourceSize ?? produced.sourceSize;
      if (after.timedOut || after.error !== undefined) await this.checkAlive(identity.host);
      timer.finish({
        ...after,
        archivePath: added.name,
        size: added.size,
        sha256: added.sha256,
        truncated: added.truncated || produced.truncated === true || after.truncated === true,
        ...(sourceSize !== undefined ? { sourceSize } : {}),
        redaction: safe.summary(),
      });
    } catch (e) {
      if (e instanceof TransportError) this.lost.set(identity.host, e.message);
      const after = (await produced?.done?.().catch(() => undefined)) ?? {};
      timer.finish({ ...after, error: after.error ?? messageOf(e) });
      await this.checkAlive(identity.host);
    }
  }

  private async checkAlive(host: string): Promise<void> {
    if (this.lost.has(host) || !this.alive) return;
    if (!(await this.alive(host).catch(() => false))) this.lost.set(host, 'the host stopped answering');
  }

  // Text oxdoctor writes itself (the sweep, README.txt): redacted and obfuscated like the rest.
  async text(rel: string, text: string, identity: ItemIdentity): Promise<void> {
    await this.item(identity, async () => ({
      rel,
      subject: { kind: 'text', name: rel },
      source: Buffer.from(text, 'utf8'),
      maxBytes: Number.MAX_SAFE_INTEGER,
    }));
  }

  // The manifest, last, already redacted and obfuscated string by string (manifestJson): as it is.
  async addRaw(rel: string, text: string): Promise<void> {
    await this.tar.addBuffer({ name: this.name(rel) }, text);
  }

  private name(rel: string): string {
    return safeName(`${this.root}/${rel}`, this.redactor, this.obfuscator);
  }
}

function toReadable(source: Readable | Buffer): Readable {
  return Buffer.isBuffer(source) ? Readable.from([source]) : source;
}

export function messageOf(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? 'error';
}
