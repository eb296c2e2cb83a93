// Whether a copy meant for server B (the relay's archive BCC, server A's Sent Items copy) leaves for an archive
// host of the site; if not, the sentence (without the host's prefix) of where it goes instead. Pure.
import type { Step } from '../../core/result.js';
import { describeExit } from './exits.js';
import type { Routed } from './recipient.js';
import { routeText } from './recipient.js';

// archiveHost: the configured archive host at an address, or undefined; null when the site configures none.
export type ArchiveHostAt = ((address: string) => string | undefined) | null;

export function strayCopy(
  host: string,
  what: string,
  copy: Routed,
  archiveAt: ArchiveHostAt,
): Pick<Step, 'status' | 'summary' | 'hint'> | null {
  if (!archiveAt) return null;
  const exits = copy.leaving.map((l) => l.exit);
  if (exits.some((e) => e.kind === 'smtp' && archiveAt(e.host) !== undefined)) return null;
  // Deferrals and unknown recipients are said by the route's own step.
  if (exits.some((e) => e.kind === 'deferred')) return null;
  const domain = copy.address.slice(copy.address.lastIndexOf('@') + 1);
  return {
    status: 'crit',
    summary:
      `${what} (${copy.address}) goes to ${exits.map((e) => describeExit(e)).join(' and ')}, ` +
      `not to the archive host (${routeText(copy)})`,
    hint:
      `add "${domain} smtp:[server B]:PORT" (the relay: smtpcopy:[server B]:10025; server A: smtp:[server B]:10026) ` +
      `to transport_maps on ${host}, run postmap on it, then postfix reload`,
  };
}
