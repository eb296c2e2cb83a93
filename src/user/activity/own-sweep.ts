// Logins while this sweep runs are mostly oxdoctor's own (the mailbox and login probes log in as the user, or as
// the admin on its behalf): left out of "last login" and the failed count, so they do not pass for the user's.
import type { UserLogRead } from './log-read.js';

export const OWN_SWEEP_MARGIN_MS = 5000; // the sweep's other probes may have started this much before this one

export function withoutOwnLogins(read: UserLogRead, probeStartedMs: number): UserLogRead {
  const from = probeStartedMs - OWN_SWEEP_MARGIN_MS;
  const own = (e: UserLogRead['events'][number]): boolean => e.kind !== 'delivery' && e.time >= from;
  const left = read.events.filter(own).length;
  return left === 0 ? read : { ...read, events: read.events.filter((e) => !own(e)), ownLeftOut: left };
}
