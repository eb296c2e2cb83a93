// `oxdoctor logs --list`: per host, its log sources and their files (live and rotated) with size and age.
import { formatAge } from '../../core/time-text.js';
import { discoverSources, type HostLogs } from '../../logs/discover.js';
import { listFiles } from '../../logs/files.js';
import { selectSources } from '../../logs/select-sources.js';
import type { LogFile } from '../../logs/types.js';
import { say } from '../io.js';
import { lineWriter } from '../line-writer.js';
import type { LogsContext, LogsOptions } from './logs-context.js';

interface HostListing {
  readonly host: string;
  readonly logs?: HostLogs;
  readonly files: readonly LogFile[];
  readonly error?: string;
}

export async function runLogsList(ctx: LogsContext, options: LogsOptions): Promise<number> {
  const listings = await Promise.all(
    ctx.hosts.map(async ({ host, transport }): Promise<HostListing> => {
      try {
        const logs = await discoverSources(transport, host);
        const sources = selectSources(logs.sources, options.source);
        return { host, logs: { ...logs, sources }, files: await listFiles(transport, sources) };
      } catch (err) {
        return { host, files: [], error: err instanceof Error ? err.message : String(err) };
      }
    }),
  );
  const now = Date.now();
  const out = lineWriter(ctx.io);
  if (options.format === 'json') {
    await out.write([JSON.stringify({ version: 1, hosts: listings.map((l) => listingJson(l)) })]);
  } else {
    for (const l of listings) await out.write(listingText(l, now));
  }
  for (const l of listings) if (l.error) say(ctx.io, `oxdoctor: ${l.error}`);
  const failed = listings.filter((l) => l.error).length;
  return failed === listings.length ? 3 : failed > 0 ? 1 : 0;
}

function listingText(l: HostListing, now: number): string[] {
  if (!l.logs) return [`${l.host}: not read (${l.error ?? 'unknown error'})`, ''];
  const zone = formatZone(l.logs.utcOffsetMinutes);
  const lines = [`${l.host} (UTC${zone}): ${l.logs.sources.length} sources`];
  const width = Math.max(0, ...l.logs.sources.map((s) => s.source.length));
  for (const s of l.logs.sources) {
    const files = l.files.filter((f) => f.source.path === s.path && f.source.source === s.source);
    if (files.length === 0) lines.push(`  ${s.source.padEnd(width)}  ${s.path}  (no file yet)`);
    files.forEach((f, i) => {
      const name = i === 0 ? s.source.padEnd(width) : ' '.repeat(width);
      lines.push(`  ${name}  ${formatSize(f.size).padStart(9)}  ${formatAge(now - f.mtimeMs).padStart(8)}  ${f.path}`);
    });
  }
  for (const w of l.logs.warnings) lines.push(`  warning: ${w}`);
  lines.push('');
  return lines;
}

function listingJson(l: HostListing): unknown {
  return {
    host: l.host,
    ...(l.error ? { error: l.error } : {}),
    utcOffsetMinutes: l.logs?.utcOffsetMinutes ?? null,
    warnings: l.logs?.warnings ?? [],
    sources: (l.logs?.sources ?? []).map((s) => ({
      source: s.source,
      kind: s.kind,
      path: s.path,
      files: l.files
        .filter((f) => f.source.path === s.path && f.source.source === s.source)
        .map((f) => ({ path: f.path, size: f.size, mtime: new Date(f.mtimeMs).toISOString(), gzip: f.gzip })),
    })),
  };
}

function formatZone(minutes: number): string {
  const a = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}
