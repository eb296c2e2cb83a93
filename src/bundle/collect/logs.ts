// The logs of the logs issue on one host (src/logs discovery: syslog's files for the mail stack, OX,
// oxldapsync, Apache), rotated and gzip'd files included: each file whose time span meets --since/--until,
// read as a stream (its last maxBytesPerFile only: the newest lines), cut to the window line by line here,
// and marked truncated when the cap cut it.
import { PassThrough } from 'node:stream';
import { discoverSources } from '../../logs/discover.js';
import { listFiles } from '../../logs/files.js';
import type { LogFile } from '../../logs/types.js';
import type { LogsItem } from '../collect-spec/types.js';
import { itemSignal, type HostContext } from './host-context.js';
import { relativePath } from './naming.js';
import { unpackedSize, untilOffset } from './until-offset.js';
import { lineTimer, windowFilter, type LogWindow } from './window.js';

// A file's mtime comes from whichever clock stamped it: a margin either side.
const MTIME_MARGIN_MS = 10 * 60_000;
const DISCOVERY_TIMEOUT_MS = 60_000;

// Arguments: g|p, the path, the cap, and the byte offset to end at (with --until). Only the last $3 bytes (before
// $4) cross the wire (a smaller file whole: tail -c seeks); gzip'd files unpacked on the host.
export const READ_LOG_SCRIPT = `if [ "$1" = g ] && [ -n "$4" ]; then gzip -dc -- "$2" | head -c "$4" | tail -c "$3"
elif [ "$1" = g ]; then gzip -dc -- "$2" | tail -c "$3"
elif [ -n "$4" ]; then s=$(($4 - $3)); [ "$s" -gt 0 ] || s=0; tail -c +$((s + 1)) -- "$2" | head -c $(($4 - s))
else tail -c "$3" -- "$2"; fi`;

// The files that may hold lines of the window: last written after --since, begun (the previous rotation's
// mtime) before --until.
export function filesInWindow(files: readonly LogFile[], window: LogWindow): LogFile[] {
  const out: LogFile[] = [];
  let previous: LogFile | undefined;
  for (const f of files) {
    const sameSource = previous?.source.path === f.source.path && previous.source.source === f.source.source;
    const begun = sameSource && previous ? previous.mtimeMs : 0;
    previous = f;
    if (f.mtimeMs < window.since - MTIME_MARGIN_MS) continue;
    if (window.until !== undefined && begun > window.until + MTIME_MARGIN_MS) continue;
    out.push(f);
  }
  return out;
}

// The entry name of a log file: an unpacked .gz loses its suffix.
export function logEntryPath(host: string, file: LogFile): string {
  return `${host}/logs/${relativePath(file.gzip ? file.path.replace(/\.gz$/, '') : file.path)}`;
}

export interface FoundLogs {
  readonly files: readonly LogFile[];
  readonly utcOffsetMinutes: number;
}

// Which log files lie in the window: discovery and listing, which may run while the commands do.
export async function findLogs(ctx: HostContext, item: LogsItem): Promise<FoundLogs> {
  const { signal } = itemSignal(ctx, DISCOVERY_TIMEOUT_MS); // the discovery and the listing together
  const found = await ctx.limit(() => discoverSources(ctx.transport, ctx.host, signal));
  const sources = item.sources === 'all' ? found.sources : found.sources.filter((s) => item.sources.includes(s.source));
  const listed = await ctx.limit(() => listFiles(ctx.transport, sources, signal));
  return { files: filesInWindow(listed, ctx.window), utcOffsetMinutes: found.utcOffsetMinutes };
}

export async function collectLogs(ctx: HostContext, item: LogsItem, found?: FoundLogs): Promise<void> {
  const { files, utcOffsetMinutes } = found ?? (await findLogs(ctx, item));
  await Promise.all(files.map((file) => collectLogFile(ctx, item, file, utcOffsetMinutes)));
}

async function collectLogFile(ctx: HostContext, item: LogsItem, file: LogFile, utcOffsetMinutes: number) {
  const cap = item.maxBytesPerFile;
  await ctx.limit(() =>
    ctx.sink.item({ host: ctx.host, component: 'logs', kind: 'log', path: file.path }, async () => {
      const { signal, timedOut } = itemSignal(ctx, item.timeoutMs);
      const lineCtx = {
        host: ctx.host,
        source: file.source.source,
        kind: file.source.kind,
        fileMtimeMs: file.mtimeMs,
        utcOffsetMinutes,
      };
      const until = ctx.window.until;
      // the unpacked size of a .gz that --until may cut (written to after it); a plain file's is its size
      const size =
        file.gzip && until !== undefined && file.mtimeMs > until
          ? await unpackedSize(ctx.transport, file.path, signal)
          : file.gzip
            ? undefined
            : file.size;
      const end =
        until !== undefined && size !== undefined && size > cap
          ? await untilOffset(ctx.transport, file.path, size, until, lineTimer(lineCtx), signal, file.gzip)
          : undefined;
      const args = [file.gzip ? 'g' : 'p', file.path, String(cap), ...(end !== undefined ? [String(end)] : [])];
      const run = await ctx.transport.execStream(['sh', '-c', READ_LOG_SCRIPT, 'sh', ...args], {
        signal,
        maxOutputBytes: 64 * 1024,
      });
      let received = 0;
      const counted = new PassThrough();
      run.stdout.on('data', (c: Buffer) => (received += c.length));
      run.stdout.on('error', (e) => counted.destroy(e));
      run.stdout.pipe(counted);
      const cutAtSource = (end ?? size ?? 0) > cap;
      const window = windowFilter(ctx.window, lineCtx, { dropFirst: cutAtSource });
      counted.on('error', (e) => window.stream.destroy(e));
      return {
        rel: logEntryPath(ctx.host, file),
        subject: { kind: 'log', name: file.path },
        source: counted.pipe(window.stream),
        maxBytes: cap + 1024 * 1024,
        done: async () => {
          const r = await run.done;
          const killed = r.timedOut || timedOut();
          const cut = cutAtSource || (file.gzip && size === undefined && received >= cap);
          const failedRead = !killed && r.stderr.trim() !== ''; // gzip's complaint: tail's exit is the pipe's
          return {
            exitCode: r.code,
            timedOut: killed,
            truncated: cut || killed,
            ...(cutAtSource ? { sourceSize: size ?? file.size } : {}),
            ...(killed ? { error: `timed out after ${item.timeoutMs} ms` } : {}),
            ...(failedRead ? { error: r.stderr.trim().split('\n')[0] ?? 'read failed' } : {}),
          };
        },
      };
    }),
  );
}
