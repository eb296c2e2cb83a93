// Whether a receiving postfix accepts mail from one client address on one address:port: an enabled smtpd listener
// there, and the restrictions it runs with (main.cf values under its -o overrides) permit that client. Pure.
import { splitList } from './main-cf.js';
import { findService, inetListeners, type InetListener, type MasterService } from './master-cf.js';
import { addressInNetworks } from './networks.js';

export interface Receiver {
  readonly services: readonly MasterService[];
  readonly get: (name: string) => string | undefined; // main.cf value, effective where postconf gave defaults
  readonly explicit: (name: string) => string | undefined; // set in main.cf (postconf -n), not a default
  readonly expand: (value: string) => string;
  readonly ownAddresses: readonly string[]; // the receiver's configured address (for mynetworks_style=host)
}

export type Acceptance =
  | { readonly verdict: 'accepted'; readonly listener: InetListener; readonly reason: string }
  | { readonly verdict: 'no-listener'; readonly reason: string; readonly others: readonly InetListener[] }
  | {
      readonly verdict: 'refused' | 'relay-only';
      readonly listener: InetListener;
      readonly param: string; // the restriction list that refuses
      readonly from: string; // "-o on master.cf line 12" or "main.cf"
      readonly value: string;
      readonly reason: string;
    };

// The lists smtpd runs for a client, in order; later stages only matter when earlier ones did not decide.
const STAGES = ['smtpd_client_restrictions', 'smtpd_relay_restrictions', 'smtpd_recipient_restrictions'];
const REFUSE =
  /^(reject|defer|defer_if_permit|reject_unknown_client(_hostname)?|reject_unknown_reverse_client_hostname)$/;
// Restrictions that refuse a recipient outside the receiver's own and relay domains, not the client as such.
const RELAY_GATE = /^(reject_unauth_destination|defer_unauth_destination)$/;

export function decideAcceptance(receiver: Receiver, host: string, port: number, client: string): Acceptance {
  const onPort = inetListeners(receiver.services).filter((l) => l.port === port);
  // postscreen takes the connection and passes it to the "smtpd pass" service, whose -o set applies.
  const smtpd = onPort.filter((l) => l.service.command === 'smtpd' || l.service.command === 'postscreen');
  const listener = smtpd.find((l) => listensOn(l, host, receiver));
  if (!listener) {
    const why =
      onPort.length === 0
        ? `master.cf has no listener on port ${port}`
        : smtpd.length === 0
          ? `master.cf's service on port ${port} (${onPort.map(where).join(', ')}) runs ${onPort[0]!.service.command}, not smtpd`
          : `no smtpd listens on ${host}:${port}: ${smtpd.map(where).join(', ')} ${smtpd.length === 1 ? 'binds' : 'bind'} elsewhere (inet_interfaces = ${receiver.get('inet_interfaces') ?? 'all'})`;
    return { verdict: 'no-listener', reason: why, others: onPort };
  }
  const rules =
    listener.service.command === 'postscreen'
      ? (findService(receiver.services, 'smtpd', 'pass') ?? listener.service)
      : listener.service;
  const value = (name: string): string | undefined => rules.overrides.get(name) ?? receiver.get(name);
  const from = (name: string): string => (rules.overrides.has(name) ? `-o on master.cf line ${rules.line}` : 'main.cf');
  const networks = effectiveNetworks(receiver, value, (n) => rules.overrides.has(n));
  const trusted = addressInNetworks(client, networks.list);
  for (const param of STAGES) {
    const list = receiver.expand(value(param) ?? defaultOf(param));
    const outcome = walk(splitList(list), trusted);
    if (outcome === 'permit') break;
    if (outcome === 'continue') continue;
    const mynetworks = `mynetworks ${networks.text} (${networks.from === 'style' ? networks.style : from('mynetworks')})`;
    const reason =
      outcome.kind === 'refused'
        ? `${param} = ${list} (${from(param)}) ends in ${outcome.item} for ${client}, which is not in ${mynetworks}`
        : `${param} = ${list} (${from(param)}) reaches ${outcome.item} for ${client}, which is not in ${mynetworks}: only mail for the receiver's own domains is taken`;
    return {
      verdict: outcome.kind === 'refused' ? 'refused' : 'relay-only',
      listener,
      param,
      from: from(param),
      value: list,
      reason,
    };
  }
  const how = trusted
    ? `${client} is in mynetworks ${networks.text}`
    : `no restriction of ${where(listener)} refuses ${client}`;
  return { verdict: 'accepted', listener, reason: how };
}

type Walk = 'permit' | 'continue' | { readonly kind: 'refused' | 'relay-only'; readonly item: string };

// One restriction list for a client that offers no SASL login and matches no access table we cannot read.
function walk(items: readonly string[], trusted: boolean): Walk {
  for (const item of items) {
    const name = item.toLowerCase();
    if (name === 'permit') return 'permit';
    if (name === 'permit_mynetworks') {
      if (trusted) return 'permit';
      continue;
    }
    if (REFUSE.test(name)) return { kind: 'refused', item };
    if (RELAY_GATE.test(name)) return { kind: 'relay-only', item };
    // Access tables, RBLs, SASL: not decided here; postfix goes on to the next item when they do not match.
  }
  return 'continue';
}

function defaultOf(param: string): string {
  // Postfix 2.10+ defaults smtpd_relay_restrictions to this; before 2.10 it does not exist (and is ignored).
  if (param === 'smtpd_relay_restrictions') return '';
  if (param === 'smtpd_recipient_restrictions') return 'permit_mynetworks, reject_unauth_destination';
  return '';
}

interface Networks {
  readonly list: readonly string[];
  readonly text: string;
  readonly from: 'value' | 'style';
  readonly style?: string;
}

// mynetworks as set (override, then main.cf); else what mynetworks_style gives, as far as config tells it.
function effectiveNetworks(
  receiver: Receiver,
  value: (n: string) => string | undefined,
  overridden: (n: string) => boolean,
): Networks {
  // An -o mynetworks_style only counts where neither the service nor main.cf sets mynetworks itself.
  const styleOnly = receiver.explicit('mynetworks') === undefined && value('mynetworks_style') !== undefined;
  const set = value('mynetworks');
  if (set !== undefined && !(styleOnly && !overridden('mynetworks'))) {
    const list = splitList(receiver.expand(set));
    return { list, text: list.join(' ') || '(empty)', from: 'value' };
  }
  const style = (value('mynetworks_style') ?? 'subnet').toLowerCase();
  // host: this machine's addresses. subnet/class need the interfaces' netmasks, which config does not hold:
  // counted as host, so a client on the receiver's subnet may be judged refused (the summary names the style).
  const list = ['127.0.0.1/32', ...receiver.ownAddresses];
  return { list, text: list.join(' '), from: 'style', style: `mynetworks_style=${style}` };
}

// A listener without an address binds to every inet_interfaces address; "all" means every address.
function listensOn(l: InetListener, host: string, receiver: Receiver): boolean {
  const target = host.toLowerCase();
  const loopback = (a: string): boolean => /^127\./.test(a) || a === 'localhost' || a === '::1';
  if (l.address !== undefined) {
    const a = l.address.replace(/^\[|\]$/g, '').toLowerCase();
    return a === target || (a === 'localhost' && loopback(target)) || a === '0.0.0.0';
  }
  const interfaces = splitList(receiver.expand(receiver.get('inet_interfaces') ?? 'all')).map((i) => i.toLowerCase());
  if (interfaces.includes('all')) return true;
  if (interfaces.includes('loopback-only')) return loopback(target);
  return interfaces.some((i) => i === target || (i === 'localhost' && loopback(target)));
}

export function where(l: InetListener): string {
  return `${l.service.name} (master.cf line ${l.service.line})`;
}
