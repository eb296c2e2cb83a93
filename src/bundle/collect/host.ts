// One host's part of the bundle: which components and items apply (one round trip answering every guard, and
// the host's own name for --obfuscate), then each component's items in the spec's order: config files before
// commands and logs, so values the format rules find in configs are hidden in the logs too.
import { COLLECT_SPEC } from '../collect-spec/index.js';
import { guardsArgv, parseGuards } from '../collect-spec/remote.js';
import type { CollectItem, ComponentSpec, Guard } from '../collect-spec/types.js';
import type { Transport } from '../../core/transport.js';
import { collectCommand, collectDerived, collectFiles, collectMetadata } from './items.js';
import { collectLogs } from './logs.js';
import { runBounded, type HostContext } from './host-context.js';
import { messageOf } from './sink.js';
import { mailboxOwners } from './user-names.js';

export interface HostPlan {
  readonly fqdn?: string;
  readonly components: readonly ComponentSpec[]; // those whose guard holds, items whose guard fails left out
  // --obfuscate on a cyrus host: its mailbox owners' logins (for the obfuscator only, never the archive)
  readonly mailboxOwners?: { readonly users: readonly string[]; readonly error?: string };
}

export interface PlanOptions {
  readonly mailboxOwners?: boolean; // --obfuscate: list the mailbox owners where cyrus is
}

// Every component's guard and every item's, in one script; the host's FQDN first.
export async function planHost(
  transport: Transport,
  signal?: AbortSignal,
  options: PlanOptions = {},
): Promise<HostPlan> {
  const guards: Guard[] = [];
  for (const c of COLLECT_SPEC) {
    guards.push(c.guard);
    for (const i of c.items) guards.push(guardOf(i) ?? { kind: 'always' });
  }
  const script = guardsArgv(guards)[2] ?? 'true';
  const argv = ['sh', '-c', `echo "fqdn $(hostname -f 2>/dev/null || hostname)"\n${script}`];
  const r = await runBounded({ transport, ...(signal ? { signal } : {}) }, argv, 30_000, 'the guards');
  if (r.code !== 0) throw new Error(`the guards did not run: ${r.stderr.trim() || r.code}`);
  const held = parseGuards(r.stdout, guards.length);
  const fqdn = /^fqdn (\S+)$/m.exec(r.stdout)?.[1];
  const components: ComponentSpec[] = [];
  let i = 0;
  for (const c of COLLECT_SPEC) {
    const on = held[i++];
    const items = c.items.filter(() => held[i++]);
    if (on && items.length > 0) components.push({ ...c, items });
  }
  const cyrus = options.mailboxOwners === true && components.some((c) => c.name === 'cyrus');
  const owners = cyrus ? await mailboxOwners(transport, signal) : undefined;
  return { ...(fqdn ? { fqdn } : {}), components, ...(owners ? { mailboxOwners: owners } : {}) };
}

function guardOf(item: CollectItem): Guard | undefined {
  return 'guard' in item ? item.guard : undefined;
}

// The items of a plan in collection order: files first, then metadata, commands, logs last. Within a phase the
// items run at once (each remote read or command takes one of the host's slots, HostContext.limit).
const PHASE: Readonly<Record<CollectItem['kind'], number>> = { files: 0, derived: 0, metadata: 1, command: 2, logs: 3 };
const PHASES = ['config files', 'secret files by metadata', 'commands', 'logs'] as const;

export async function collectHost(ctx: HostContext, plan: HostPlan, onProgress?: (text: string) => void) {
  const work = plan.components.flatMap((c) => c.items.map((item) => ({ component: c.name, item })));
  for (const [phase, label] of PHASES.entries()) {
    if (stopIfLost(ctx) || ctx.signal?.aborted) return;
    const now = work.filter((w) => PHASE[w.item.kind] === phase);
    if (now.length === 0) continue;
    const components = label === 'logs' ? '' : ` (${[...new Set(now.map((w) => w.component))].join(', ')})`;
    onProgress?.(`${label}${components}`);
    await Promise.all(now.map(({ component, item }) => collectUnit(ctx, component, item)));
  }
  stopIfLost(ctx);
}

async function collectUnit(ctx: HostContext, component: string, item: CollectItem): Promise<void> {
  try {
    await collectItem(ctx, component, item);
  } catch (e) {
    // a listing or discovery step failed: one error entry for the item
    ctx.sink.manifest
      .start({ host: ctx.host, component, kind: item.kind === 'logs' ? 'log' : 'file', path: describe(item) })
      .finish({ error: messageOf(e) });
    if (ctx.sink.hostLost(ctx.host) === undefined && (await connectionGone(ctx))) {
      ctx.sink.markLost(ctx.host, messageOf(e));
    }
  }
}

// A host lost mid-run: one host entry says so (the items it failed say what was not collected).
function stopIfLost(ctx: HostContext): boolean {
  const lost = ctx.sink.hostLost(ctx.host);
  if (lost === undefined) return false;
  if (ctx.sink.firstReport(ctx.host)) {
    ctx.sink.manifest.hostFailed(ctx.host, `connection lost during the bundle: ${lost}`);
  }
  return true;
}

async function collectItem(ctx: HostContext, component: string, item: CollectItem): Promise<void> {
  switch (item.kind) {
    case 'files':
      return collectFiles(ctx, component, item);
    case 'derived':
      return collectDerived(ctx, component, item);
    case 'metadata':
      return collectMetadata(ctx, component, item);
    case 'command':
      return collectCommand(ctx, component, item);
    case 'logs':
      return collectLogs(ctx, item);
  }
}

function describe(item: CollectItem): string {
  switch (item.kind) {
    case 'files':
    case 'metadata':
      return item.paths.join(' ');
    case 'derived':
      return `(${item.from})`;
    case 'command':
      return item.argv.join(' ');
    case 'logs':
      return '(log discovery)';
  }
}

// After an error: is the host still there? (A dead connection fails every later item slowly.)
async function connectionGone(ctx: HostContext): Promise<boolean> {
  try {
    const r = await runBounded(ctx, ['true'], 5_000, 'true');
    return r.code !== 0;
  } catch {
    return true;
  }
}
