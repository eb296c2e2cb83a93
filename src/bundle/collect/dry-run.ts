// --dry-run: what the bundle would hold on one host, with sizes from the host (ls -ld, the log listing),
// nothing read and nothing written. Commands are listed by argv (their size is known only once they run).
import { isSecretOnly, postfixMapFiles } from '../collect-spec/index.js';
import { resolveArgv } from '../collect-spec/placeholders.js';
import { existingPathsArgv, metadataArgv, parseLsLd, parsePaths } from '../collect-spec/remote.js';
import type { CollectItem } from '../collect-spec/types.js';
import { discoverSources } from '../../logs/discover.js';
import { listFiles } from '../../logs/files.js';
import { runBounded, type HostContext } from './host-context.js';
import type { HostPlan } from './host.js';
import { placeholderValues } from './items.js';
import { filesInWindow } from './logs.js';

// A dry run has no sink: nothing is written.
export type DryRunContext = Omit<HostContext, 'sink'>;

export interface DryRunRow {
  readonly host: string;
  readonly component: string;
  readonly kind: 'file' | 'metadata' | 'command' | 'log';
  readonly what: string; // path or argv
  readonly size?: number; // bytes on the host
  readonly cappedAt?: number; // the item's cap, when the size is above it
}

export async function dryRunHost(ctx: DryRunContext, plan: HostPlan): Promise<DryRunRow[]> {
  const rows: DryRunRow[] = [];
  for (const c of plan.components) for (const item of c.items) rows.push(...(await rowsOf(ctx, c.name, item)));
  const seen = new Set<string>();
  return rows.filter((r) => r.kind === 'command' || (!seen.has(r.what) && seen.add(r.what)));
}

async function rowsOf(ctx: DryRunContext, component: string, item: CollectItem): Promise<DryRunRow[]> {
  const row = (kind: DryRunRow['kind'], what: string, size?: number, cap?: number): DryRunRow => ({
    host: ctx.host,
    component,
    kind,
    what,
    ...(size !== undefined ? { size } : {}),
    ...(size !== undefined && cap !== undefined && size > cap ? { cappedAt: cap } : {}),
  });
  const listed = async (globs: readonly string[]) =>
    globs.length === 0 ? [] : parseLsLd((await runBounded(ctx, metadataArgv(globs), 15_000, 'listing')).stdout);
  switch (item.kind) {
    case 'files':
    case 'derived': {
      let globs: readonly string[] = item.kind === 'files' ? item.paths : [];
      let secret: string[] = [];
      if (item.kind === 'derived') {
        const read = (f: string) => ctx.transport.readFile(`/etc/postfix/${f}`, { maxBytes: 4 * 1024 * 1024 });
        const [main, master] = await Promise.all([read('main.cf'), read('master.cf')]);
        const maps = postfixMapFiles(main?.data.toString('latin1') ?? '', master?.data.toString('latin1') ?? '');
        globs = maps.copy.filter((p) => /^\/[A-Za-z0-9_./+-]+$/.test(p));
        secret = maps.metadataOnly.filter((p) => /^\/[A-Za-z0-9_./+-]+$/.test(p));
      }
      const files = (await listed(globs)).filter((f) => f.metadata.mode.startsWith('-'));
      return [
        ...files.map((f) =>
          isSecretOnly(f.path)
            ? row('metadata', f.path, f.metadata.size)
            : row('file', f.path, f.metadata.size, item.maxBytes),
        ),
        ...(await listed(secret)).map((f) => row('metadata', f.path, f.metadata.size)),
      ];
    }
    case 'metadata':
      return (await listed(item.paths)).map((f) => row('metadata', f.path, f.metadata.size));
    case 'command': {
      const paths = item.forEach
        ? parsePaths((await runBounded(ctx, existingPathsArgv(item.forEach), 15_000, 'listing')).stdout)
        : [undefined];
      const out: DryRunRow[] = [];
      for (const p of paths) {
        const argv = resolveArgv(item, placeholderValues(ctx, p));
        if (argv) out.push(row('command', commandLine(item.name, argv)));
      }
      return out;
    }
    case 'logs': {
      const found = await discoverSources(ctx.transport, ctx.host, ctx.signal);
      const files = filesInWindow(await listFiles(ctx.transport, found.sources, ctx.signal), ctx.window);
      return files.map((f) => row('log', f.path, f.size, f.gzip ? undefined : item.maxBytesPerFile));
    }
  }
}

// One line however long the script: "name: argv" with whitespace runs as one space, cut at 160 characters.
export function commandLine(name: string, argv: readonly string[]): string {
  const line = `${name}: ${argv.join(' ')}`.replace(/\s+/g, ' ');
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}
