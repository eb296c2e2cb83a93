// What reaches the archive host (server B) for a user, read on the hosts that send it (ctx.peer): the relay's
// recipient BCC copy of each address, and each groupware host's sender BCC copy with the port it goes to.
import type { CheckContext } from '../../core/check.js';
import { findAddress } from './find.js';
import { loadHostView, mainTables, peerCheckContext, type HostView } from './host-view.js';
import { senderCopies } from './sender.js';

export interface ArchiveCopy {
  readonly from: string; // the sending host
  readonly original: string; // the user's address
  readonly copy: string; // the copy's envelope recipient as it arrives here
  readonly port?: number; // the port it is sent to (sent copies)
}

export interface ArchiveInputs {
  readonly inbound: readonly ArchiveCopy[];
  readonly sent: readonly ArchiveCopy[];
  readonly relays: readonly string[]; // hosts read as relays
  readonly senders: readonly string[]; // groupware hosts that apply sender_bcc_maps
}

export async function archiveInputs(
  ctx: CheckContext,
  recipients: readonly string[],
  senders: readonly string[],
): Promise<ArchiveInputs> {
  const others = ctx.site.hosts.filter((h) => h.name !== ctx.host.name);
  const views: HostView[] = [];
  const load = async (name: string): Promise<HostView | null> => {
    const peer = ctx.peer?.(name);
    const view = peer ? await loadHostView(peerCheckContext(ctx, peer)) : null;
    if (view) views.push(view);
    return view;
  };
  try {
    const [relayViews, senderViews] = await Promise.all([
      Promise.all(others.filter((h) => h.roles.includes('relay')).map((h) => load(h.name))),
      Promise.all(
        others.filter((h) => h.roles.includes('groupware') && !h.roles.includes('archive')).map((h) => load(h.name)),
      ),
    ]);
    const inbound: ArchiveCopy[] = [];
    const relays: string[] = [];
    for (const view of relayViews) {
      if (!view) continue;
      const tables = mainTables(view, 'recipient_bcc_maps');
      if (tables.length === 0) continue;
      relays.push(view.name);
      const found = await Promise.all(recipients.map((a) => findAddress(tables, a, view.lookups.lookup)));
      found.forEach((f, i) => {
        if (f.kind === 'found')
          inbound.push({ from: view.name, original: recipients[i]!, copy: f.value.toLowerCase() });
      });
    }
    const sent: ArchiveCopy[] = [];
    const sending: string[] = [];
    for (const view of senderViews) {
      if (!view) continue;
      const copies = await Promise.all(senders.map((a) => senderCopies(view, a)));
      if (copies.every((c) => c.length === 0)) continue;
      sending.push(view.name);
      copies.forEach((list, i) => {
        for (const c of list) {
          if (!c.copy) continue;
          const exit = c.copy.leaving.map((l) => l.exit).find((e) => e.kind === 'smtp');
          sent.push({
            from: view.name,
            original: senders[i]!,
            copy: c.copy.address,
            ...(exit?.kind === 'smtp' ? { port: exit.port } : {}),
          });
        }
      });
    }
    return { inbound: dedupe(inbound), sent: dedupe(sent), relays, senders: sending };
  } finally {
    await Promise.all(views.map((v) => v.lookups.close()));
  }
}

function dedupe(copies: ArchiveCopy[]): ArchiveCopy[] {
  const seen = new Set<string>();
  return copies.filter((c) => {
    const key = `${c.copy}\0${c.port ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
