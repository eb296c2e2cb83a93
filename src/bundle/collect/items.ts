// The spec's items on one host: files (copied, capped), postfix's derived map files, secret files by metadata
// only, and read-only commands (their secrets in the environment, never argv).
import { isSecretOnly, postfixMapFiles } from '../collect-spec/index.js';
import { resolveArgv, type PlaceholderValues } from '../collect-spec/placeholders.js';
import { existingPathsArgv, metadataArgv, parseLsLd, parsePaths } from '../collect-spec/remote.js';
import type { CommandItem, DerivedItem, FilesItem, MetadataItem } from '../collect-spec/types.js';
import { itemSignal, runBounded, type HostContext } from './host-context.js';
import { commandFileName, relativePath } from './naming.js';

const LIST_TIMEOUT_MS = 15_000;
// Redaction can make a text a little longer (a short secret becomes ********).
const REDACTION_ROOM = 64 * 1024;

// A listing on the host, unless the host was lost meanwhile (then at once: the item says so).
function bounded(ctx: HostContext, argv: readonly string[], what: string) {
  const lost = ctx.sink.hostLost(ctx.host);
  if (lost !== undefined) throw new Error(`not collected: ${lost}`);
  return ctx.limit(() => runBounded(ctx, argv, LIST_TIMEOUT_MS, what));
}

export async function existingFiles(ctx: HostContext, globs: readonly string[]): Promise<string[]> {
  const r = await bounded(ctx, existingPathsArgv(globs, { filesOnly: true }), 'listing files');
  return parsePaths(r.stdout);
}

export async function copyFile(ctx: HostContext, component: string, path: string, maxBytes: number): Promise<void> {
  if (ctx.copied.has(path)) return;
  ctx.copied.add(path);
  if (isSecretOnly(path)) return listMetadata(ctx, component, [path]);
  await ctx.limit(() =>
    ctx.sink.item({ host: ctx.host, component, kind: 'file', path }, async () => {
      const { signal } = itemSignal(ctx, 10_000);
      const file = await ctx.transport.readFile(path, { maxBytes, signal });
      if (!file) return null;
      return {
        rel: `${ctx.host}/${component}/${relativePath(path)}`,
        subject: { kind: 'file', name: path },
        source: file.data,
        maxBytes: maxBytes + REDACTION_ROOM,
        truncated: file.truncated,
        ...(file.truncated ? { sourceSize: file.size } : {}),
      };
    }),
  );
}

export async function collectFiles(ctx: HostContext, component: string, item: FilesItem): Promise<void> {
  const paths = await existingFiles(ctx, item.paths);
  await Promise.all(paths.map((path) => copyFile(ctx, component, path, item.maxBytes)));
}

// postfix's map files, named by main.cf and master.cf (read again here: small, and never stale).
export async function collectDerived(ctx: HostContext, component: string, item: DerivedItem): Promise<void> {
  const { signal } = itemSignal(ctx, item.timeoutMs);
  const read = (f: string) => ctx.transport.readFile(`/etc/postfix/${f}`, { maxBytes: 4 * 1024 * 1024, signal });
  const [main, master] = await ctx.limit(() => Promise.all([read('main.cf'), read('master.cf')]));
  const maps = postfixMapFiles(main?.data.toString('latin1') ?? '', master?.data.toString('latin1') ?? '');
  const present = new Set(await existingFiles(ctx, maps.copy.filter(plainPath)));
  const copies = maps.copy.filter((p) => present.has(p));
  await Promise.all(copies.map((p) => copyFile(ctx, component, p, item.maxBytes)));
  await listMetadata(ctx, component, maps.metadataOnly.filter(plainPath));
}

// Paths existingPathsArgv and metadataArgv take: what main.cf names may hold anything.
function plainPath(p: string): boolean {
  return /^\/[A-Za-z0-9_./+-]+$/.test(p);
}

export async function listMetadata(ctx: HostContext, component: string, globs: readonly string[]): Promise<void> {
  if (globs.length === 0) return;
  const r = await bounded(ctx, metadataArgv(globs), 'listing the secret files');
  for (const f of parseLsLd(r.stdout)) {
    if (ctx.copied.has(`metadata:${f.path}`)) continue; // a keytab is a kerberos item and a secret file
    ctx.copied.add(`metadata:${f.path}`);
    ctx.sink.manifest
      .start({ host: ctx.host, component, kind: 'metadata', path: f.path })
      .finish({ metadata: f.metadata });
  }
}

export async function collectMetadata(ctx: HostContext, component: string, item: MetadataItem): Promise<void> {
  await listMetadata(ctx, component, item.paths);
}

export function placeholderValues(ctx: Pick<HostContext, 'site'>, path?: string): PlaceholderValues {
  const ox = ctx.site.ox;
  return { ...(path ? { path } : {}), ...(ox ? { oxContext: String(ox.context), oxAdmin: ox.admin } : {}) };
}

export async function collectCommand(ctx: HostContext, component: string, item: CommandItem): Promise<void> {
  const env: Record<string, string> = {};
  for (const [name, ref] of Object.entries(item.env ?? {})) {
    const secret = ref === 'oxAdminPassword' ? ctx.site.ox?.adminPassword : undefined;
    if (!secret) return; // the config names no such secret: the command could not run as meant
    env[name] = secret.reveal();
  }
  const paths = item.forEach ? await existingFiles(ctx, item.forEach) : [undefined];
  const runs = paths.flatMap((path) => {
    const argv = resolveArgv(item, placeholderValues(ctx, path));
    return argv ? [{ path, argv }] : []; // a placeholder without a value (no OX admin in the config): none
  });
  for (const { path, argv } of runs) {
    await ctx.limit(() =>
      ctx.sink.item({ host: ctx.host, component, kind: 'command', argv }, async () => {
        const { signal, timedOut } = itemSignal(ctx, item.timeoutMs + 5_000);
        const r = await ctx.transport.exec(argv, {
          env,
          timeoutMs: item.timeoutMs,
          maxOutputBytes: item.maxBytes,
          signal,
        });
        const stderr = r.stderr.trim() === '' ? '' : `\n--- stderr ---\n${r.stderr}`;
        const killed = r.timedOut || timedOut();
        return {
          rel: `${ctx.host}/${component}/commands/${commandFileName(item.name, path)}`,
          subject: { kind: 'command', name: argv.join(' ') },
          source: Buffer.from(`${r.stdout}${stderr}`, 'utf8'),
          maxBytes: item.maxBytes * 2 + REDACTION_ROOM,
          truncated: r.truncated,
          done: async () => ({
            exitCode: r.code,
            timedOut: killed,
            ...(killed ? { error: `timed out after ${item.timeoutMs} ms` } : {}),
            ...(r.cancelled && !killed ? { error: 'cancelled' } : {}),
          }),
        };
      }),
    );
  }
}
