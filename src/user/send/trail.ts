// One copy's trail in a message's trace: the hops on its way (the hosts before the split and its own branch),
// the recipient end that is this copy's (delivered into a mailbox of its server, or stopped before it), and what
// the stop means in the deployment's words (amavis at :10024, cyrus LMTP, the next host's listener).
import type { HostAddressBook } from '../../trace/address-book.js';
import type { MessageTrace, RecipientEnd } from '../../trace/types.js';
import type { CopyName, SendHop } from './types.js';

export interface CopyRoute {
  readonly name: CopyName;
  readonly group: readonly string[]; // the hosts the copy ends on (server A's nodes, or server B)
  readonly other: readonly string[]; // the hosts of the other branch (its hops are not this copy's)
}

export interface CopyTrail {
  readonly hops: readonly SendHop[];
  readonly end?: RecipientEnd;
  readonly stop?: string; // set when the end is not a delivery into this copy's folder
  readonly definitive: boolean; // the stop will not clear by itself within seconds (deferred, bounced, rejected)
  readonly notScanned?: string; // amavis passed the message without a virus scan
}

const STOPPED = new Set(['deferred', 'bounced', 'rejected']);
const MAX_STATUS = 160;
const LOCAL_DELIVERY = /^(?:lmtp|local|virtual|cyrus\/[\w-]+): /;
const IN_SENT = /^mailbox .*sent items on /i; // "mailbox user.test1001.Sent Items on serverb"

export function copyTrail(trace: MessageTrace | undefined, route: CopyRoute, book: HostAddressBook): CopyTrail {
  if (!trace) return { hops: [], definitive: false };
  const hops = trace.hops
    .filter((h) => !route.other.includes(h.host) && !toOther(h.step, route.other))
    // A local delivery on a host this copy only passes is another copy's (the sender's own INBOX on server A).
    .filter((h) => route.group.includes(h.host) || !LOCAL_DELIVERY.test(h.step))
    .map((h): SendHop => {
      const status = h.status
        ? ` (${h.status.length > MAX_STATUS ? `${h.status.slice(0, MAX_STATUS)}...` : h.status})`
        : '';
      return { host: h.host, at: new Date(h.time ?? 0).toISOString(), step: `${h.host}: ${h.step}${status}` };
    });
  const end = endOf(trace.ends, route, book);
  const unscanned = trace.hops.find((h) =>
    /Passed UNCHECKED|not virus-scanned|ALL VIRUS SCANNERS FAILED/i.test(`${h.step} ${h.status ?? ''}`),
  );
  const notScanned = unscanned
    ? `amavis on ${unscanned.host} passed it without a virus scan (no virus scanner answered: is clamd running?)`
    : undefined;
  const base = { hops, ...(notScanned ? { notScanned } : {}) };
  if (!end) {
    const never = neverMade(trace, route);
    return never ? { ...base, stop: never, definitive: true } : { ...base, definitive: false };
  }
  const stop = stopOf(end, route);
  // A delivery into the wrong place (Sent Items refusing the post: the INBOX) will not move any more either.
  const definitive = stop !== undefined && (STOPPED.has(end.state) || end.state === 'delivered');
  return { ...base, end, ...(stop ? { stop } : {}), definitive };
}

// The copy's end: one on its own hosts first, else one before the split that holds every copy back.
function endOf(ends: readonly RecipientEnd[], route: CopyRoute, book: HostAddressBook): RecipientEnd | undefined {
  const own: RecipientEnd[] = [];
  const shared: RecipientEnd[] = [];
  for (const e of ends) {
    const bound = boundFor(e, book);
    if (route.group.includes(e.host) || bound.some((h) => route.group.includes(h))) own.push(e);
    // A delivery elsewhere is another copy's; a stop before the split holds this one too.
    else if (e.state !== 'delivered' && !route.other.includes(e.host) && !bound.some((h) => route.other.includes(h)))
      shared.push(e);
  }
  const pick = (list: RecipientEnd[]) =>
    (route.name === 'sent' ? list.find((e) => e.state === 'delivered' && IN_SENT.test(e.detail)) : undefined) ??
    list.find((e) => e.state !== 'delivered') ??
    list[0];
  return pick(own) ?? pick(shared);
}

// Every stay of the message ended (removed from its queue, each recipient delivered, bounced or refused) and
// none of them was this copy's: the BCC that makes it never added its recipient.
function neverMade(trace: MessageTrace, route: CopyRoute): string | undefined {
  const { ends, hops } = trace;
  if (ends.length === 0 || ends.some((e) => !FINAL.has(e.state))) return undefined;
  const stays = new Set(hops.map((h) => `${h.host} ${h.queueId ?? ''}`).filter((k) => !k.endsWith(' ')));
  const removed = new Set(
    hops.filter((h) => /removed from the queue/.test(h.step)).map((h) => `${h.host} ${h.queueId}`),
  );
  if ([...stays].some((k) => !removed.has(k))) return undefined;
  const where = ends.map((e) => e.detail).join('; ');
  return `no copy was made for it: the message ended only in ${where}${NO_COPY[route.name]}`;
}

const FINAL = new Set(['delivered', 'bounced', 'rejected']);
const NO_COPY: Record<CopyName, string> = {
  inbox: '',
  archive: " (the relay's recipient_bcc_maps, duplicate_mail, gave no archive address?)",
  sent: " (server A's sender_bcc_maps, archive_sentmail, has no line for the sender's domain?)",
};

// The hosts a stopped hand-off was going to: "connect to 127.0.10.2[127.0.10.2]:10025: Connection refused".
function boundFor(e: RecipientEnd, book: HostAddressBook): readonly string[] {
  if (e.state === 'delivered') return [];
  const ip = /\[([0-9a-fA-F.:]+)\](?::\d+)?/.exec(e.detail)?.[1];
  return ip ? book.hostsAt(ip, e.host).filter((h) => h !== e.host) : [];
}

function stopOf(end: RecipientEnd, route: CopyRoute): string | undefined {
  if (end.state === 'delivered') {
    if (!route.group.includes(end.host)) return `${end.detail}: not on ${route.group.join('/')}`;
    if (route.name === 'sent' && !IN_SENT.test(end.detail)) return `${end.detail}; not in Sent Items`;
    return undefined;
  }
  return `${end.detail}${whatListens(end.detail)}`;
}

// The seed's listeners by the port or socket a deferral names.
function whatListens(detail: string): string {
  if (/:10024\b/.test(detail)) return ' (amavis on the relay)';
  if (/lmtp/i.test(detail)) return ' (cyrus LMTP)';
  if (/:10025\b/.test(detail)) return " (the next host's postfix on :10025)";
  if (/:10026\b/.test(detail)) return " (server B's copycleanup listener on :10026)";
  if (/:11025\b/.test(detail)) return " (server A's re-injection after the disclaimer on :11025)";
  return '';
}

// "smtp: to <x> -> serverb 127.0.10.4:10025": a hand-off into the other branch.
function toOther(step: string, other: readonly string[]): boolean {
  const peer = / -> (\S+)/.exec(step)?.[1];
  return peer !== undefined && peer.split('/').some((h) => other.includes(h));
}
