// What one log line of a message means, in the words of the hop table: the step ("relay smtp: to <a> -> servera
// 127.0.10.2:10025") and its status ("sent (250 2.0.0 Ok: queued as X)").
import type { LogLine } from '../logs/types.js';
import type { HostAddressBook } from './address-book.js';

export interface Step {
  readonly step: string;
  readonly status?: string;
}

const DELIVERY = new Set(['delivered', 'deferred', 'bounced', 'expired', 'undeliverable', 'deliverable']);

export const isDelivery = (line: LogLine): boolean => DELIVERY.has(line.kind ?? '') && !!line.fields.to;

// "postfix/smtp" -> "smtp", "postfix/smtpcopy" -> "smtpcopy", "cyrus/lmtpunix" -> "cyrus/lmtpunix".
export function serviceOf(line: LogLine): string {
  return (line.program ?? '?').replace(/^postfix\//, '');
}

// Where a delivery line went: a configured host by its relay address, Exchange, or the relay text itself.
export function peerOf(line: LogLine, book: HostAddressBook): string {
  const { relay_ip: ip, relay_port: port, relay } = line.fields;
  if (relay === 'none') return '(no connection)';
  if (!ip || ip.startsWith('/')) return relay ?? '?';
  const hosts = book.hostsAt(ip, line.host);
  const where = `${ip}${port ? `:${port}` : ''}`;
  if (hosts.length > 0) return `${hosts.join('/')} ${where}`;
  const name = book.outsideName(ip);
  return name ? `${name} ${where}` : (relay ?? where);
}

// The message after "QUEUEID: " in the raw line (for lines no parser names).
export function messageText(line: LogLine): string {
  const at = line.queueId ? line.raw.indexOf(`${line.queueId}: `) : -1;
  return at < 0 ? line.raw : line.raw.slice(at + line.queueId!.length + 2);
}

// Cyrus' mailbox from its raw line: "Delivered: <m> to mailbox: user.x.Sent Items" (the name may hold spaces).
export function cyrusMailbox(line: LogLine): string | undefined {
  return /\bto mailbox: (.+?)\s*$/.exec(line.raw)?.[1] ?? line.fields.mailbox;
}

const angle = (a: string | undefined): string => `<${a ?? ''}>`;

export function describe(line: LogLine, book: HostAddressBook): Step {
  const f = line.fields;
  const svc = serviceOf(line);
  if (isDelivery(line)) {
    const orig = f.orig_to && f.orig_to !== f.to ? ` (orig ${angle(f.orig_to)})` : '';
    const text = f.status_text ? ` (${f.status_text})` : '';
    return { step: `${svc}: to ${angle(f.to)}${orig} -> ${peerOf(line, book)}`, status: `${f.status}${text}` };
  }
  switch (line.kind) {
    case 'client':
      return { step: `${svc}: received from ${f.client ?? '?'}` };
    case 'pickup':
      return { step: `pickup: submitted by uid ${f.uid ?? '?'} from ${angle(f.from)}` };
    case 'message-id':
      return { step: `${svc}: message-id ${angle(f['message-id'])}` };
    case 'from':
      return { step: `${svc}: queued from ${angle(f.from)}, ${f.nrcpt ?? '?'} recipient(s)`, status: f.queue };
    case 'removed':
      return { step: `${svc}: removed from the queue` };
    case 'passed':
    case 'blocked':
      return amavis(line);
    case 'delivered':
      if (/cyrus|lmtp/.test(svc)) return { step: `${svc}: delivered to mailbox ${cyrusMailbox(line) ?? '?'}` };
      break;
    case 'scanner-failed':
      return { step: `amavis: ${f.scanner ?? '?'} av-scanner FAILED`, status: f.reason };
    case 'trouble':
      return { step: `amavis: TROUBLE`, status: f.reason };
    case 'reject':
      return { step: `${svc}: reject ${f.stage ?? ''}`.trimEnd(), status: f.reply };
    case 'notification':
      return { step: `${svc}: ${f.notification ?? ''} notification to the sender`, status: `queued as ${f.queued_as}` };
  }
  return { step: `${svc}: ${messageText(line)}` };
}

function amavis(line: LogLine): Step {
  const f = line.fields;
  const policy = f.policy ? ` {${f.policy}}` : '';
  const what = [f.action, f.verdict, f.virus ? `(${f.virus})` : ''].filter(Boolean).join(' ');
  const hits = f.hits ? `, hits ${f.hits}` : '';
  const queued = f.queued_as ? `queued as ${f.queued_as}` : f.detail;
  // UNCHECKED: a scanner failed and amavis let the message through unscanned
  const status = f.verdict === 'UNCHECKED' ? `${queued ?? ''}; not virus-scanned` : queued;
  return { step: `amavis: ${what}${policy}${hits}`, status };
}
