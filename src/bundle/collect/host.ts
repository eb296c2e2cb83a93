// One host's part of the bundle: which components and items apply (one round trip answering every guard, and
// the host's own name for --obfuscate), then each component's items in the spec's order: config files before
// commands and logs, so values the format rules find in configs are hidden in the logs too.
import { COLLECT_SPEC } from '../collect-spec/index.js';
import { guardsArgv, parseGuards } from '../collect-spec/remote.js';
import type { CollectItem, ComponentSpec, Guard } from '../collect-spec/types.js';
import type { Transport } from '../../core/transport.js';
import { collectCommand, collectDerived, collectFiles, collectMetadata } from './items.js';
import { collectLogs, findLogs, type FoundLogs } from './logs.js';
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

// The items of a plan in collection order: config files first (values the format rules find in them are then
// hidden in everything after), then metadata and commands at once while the logs are looked for, then the logs
// (after the commands: a value a process list shows is hidden in the logs too). Within a phase the items run at
// once (each remote read or command takes one of the host's slots, HostContext.limit).
const PHASE: Readonly<Record<CollectItem['kind'], number>> = { files: 0, derived: 0, metadata: 1, command: 1, logs: 2 };
const PHASES = ['config files', 'metadata and commands', 'logs'] as const;
const LOOK_FOR_LOGS = 1; // the phase during which the log files are found

type Found = { found: FoundLogs } | { error: unknown };

export async function collectHost(ctx: HostContext, plan: HostPlan, onProgress?: (text: string) => void) {
  const work = plan.components.flatMap((c) => c.items.map((item) => ({ component: c.name, item })));
  const logs = new Map<CollectItem, Promise<Found>>();
  for (const [phase, label] of PHASES.entries()) {
    if (stopIfLost(ctx) || ctx.signal?.aborted) return;
    if (phase === LOOK_FOR_LOGS) {
      for (const { item } of work) {
        if (item.kind !== 'logs') continue;
        logs.set(
          item,
          findLogs(ctx, item).then(
            (found) => ({ found }),
            (error: unknown) => ({ error }),
          ),
        );
      }
    }
    const now = work.filter((w) => PHASE[w.item.kind] === phase);
    if (now.length === 0) continue;
    const components = label === 'logs' ? '' : ` (${[...new Set(now.map((w) => w.component))].join(', ')})`;
    onProgress?.(`${label}${components}`);
    await Promise.all(now.map(({ component, item }) => collectUnit(ctx, component, item, logs.get(item))));
  }
  stopIfLost(ctx);
}

async function collectUnit(ctx: HostContext, component: string, item: CollectItem, found?: Promise<Found>) {
  try {
    await collectItem(ctx, component, item, found);
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

async function collectItem(
  ctx: HostContext,
  component: string,
  item: CollectItem,
  found?: Promise<Found>,
): Promise<void> {
  switch (item.kind) {
    case 'files':
      return collectFiles(ctx, component, item);
    case 'derived':
      return collectDerived(ctx, component, item);
    case 'metadata':
      return collectMetadata(ctx, component, item);
    case 'command':
      return collectCommand(ctx, component, item);
    case 'logs': {
      const f = await found;
      if (f && 'error' in f) throw f.error;
      return collectLogs(ctx, item, f?.found);
    }
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
