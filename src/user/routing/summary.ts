// The host's one sentence when every step is OK: what was proven for the user, where each address goes, where
// the copies go, and which hand-offs answered and accept. Pure; undefined when a step is not OK (its sentence wins).
import type { Step } from '../../core/result.js';
import type { ArchiveInputs } from './archive-inputs.js';
import { describeExit } from './exits.js';
import type { HopUse } from './hops.js';
import type { RecipientPath } from './recipient.js';

export interface SummaryInput {
  readonly host: string;
  readonly login: string;
  readonly steps: readonly Step[];
  readonly paths: readonly RecipientPath[];
  readonly hops: readonly HopUse[];
  readonly archive: ArchiveInputs | null;
  readonly senderSteps: readonly Step[];
  readonly note?: string; // said after the routes (e.g. which addresses reach the relay at all)
  readonly nameOf: (address: string) => string | undefined; // configured host (or Exchange) at an address
}

export function summarise(s: SummaryInput): string | undefined {
  if (s.steps.some((step) => step.status !== 'ok')) return undefined;
  const parts: string[] = [];
  if (s.paths.length > 0) {
    const groups = new Map<string, string[]>();
    for (const p of s.paths) {
      const where = [...new Set(p.leaving.map((l) => describeExit(l.exit, s.nameOf)))].join(' and ');
      groups.set(where, [...(groups.get(where) ?? []), p.address]);
    }
    const how = [...groups].map(([where, list]) =>
      groups.size === 1 ? `to ${where}` : `${list.join(', ')} to ${where}`,
    );
    const count =
      s.paths.length === 1
        ? s.paths[0]!.address
        : `${s.paths.length === 2 ? 'both' : `all ${s.paths.length}`} addresses of ${s.login}`;
    parts.push(`${s.host} routes ${count}${groups.size === 1 ? ' ' : ': '}${how.join(', ')}`);
    const copies = [
      ...new Set(s.paths.flatMap((p) => (p.bcc?.copy?.leaving ?? []).map((l) => describeExit(l.exit, s.nameOf)))),
    ];
    if (copies.length > 0) parts.push(`archive BCC copies to ${copies.join(' and ')}`);
    if (s.note) parts.push(s.note);
  } else {
    parts.push(`${s.host}: no address of ${s.login} to route`);
  }
  const sent = s.senderSteps.filter((st) => /gets a Sent Items copy/.test(st.summary)).length;
  if (sent > 0) parts.push(`mail sent as ${sent} of its addresses gets a Sent Items copy`);
  if (s.archive) {
    if (s.archive.inbound.length > 0)
      parts.push(
        `${s.archive.inbound.length} archive ${plural(s.archive.inbound.length, 'copy', 'copies')} from ` +
          `${s.archive.relays.join(', ')} filed into the mailbox`,
      );
    if (s.archive.sent.length > 0)
      parts.push(
        `${s.archive.sent.length} sent ${plural(s.archive.sent.length, 'copy', 'copies')} from ` +
          `${s.archive.senders.join(', ')} filed into Sent Items`,
      );
  }
  if (s.hops.length > 0) {
    const n = s.hops.length;
    const which = n === 1 ? 'the hand-off to' : `${n === 2 ? 'both' : `all ${n}`} hand-offs, to`;
    const to = s.hops.map((h) => `${s.nameOf(h.host) ?? h.host}:${h.port}`).join(', ');
    parts.push(`${which} ${to}, ${n === 1 ? 'answers and accepts' : 'answer and accept'} at the receiving end`);
  }
  return parts.join('; ');
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}
