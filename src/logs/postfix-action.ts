// Access-control and content-check actions as smtpd, postscreen and cleanup log them:
//   "reject: RCPT from host[ip]: 554 5.7.1 <x>: Relay access denied; from=<a> to=<b> proto=ESMTP helo=<h>"
//   "milter-reject: END-OF-MESSAGE from host[ip]: 5.7.1 Blocked; from=<a> to=<b> ..."
//   "warning: header Subject: hi from host[ip]; from=<a> to=<b> proto=ESMTP helo=<h>" (header_checks WARN)
//   "prepend: header X from local; from=<a> to=<b>: X-Added: yes"
//   "proxy-accept: END-OF-MESSAGE: 250 2.0.0 Ok: queued as X; from=<a> to=<b> ..." (before-queue filter)
import { addPeer, addReply, addStatusText, type Fields, splitEnvelopeTail } from './postfix-fields.js';
import type { Classified } from './postfix-delivery.js';

const ACTIONS = [
  'reject',
  'reject_warning',
  'defer',
  'defer_if_permit',
  'discard',
  'hold',
  'filter',
  'redirect',
  'bcc',
  'warning',
  'info',
  'prepend',
  'replace',
  'strip',
  'ignore',
  'milter-[a-z-]+',
  'proxy-accept',
  'proxy-reject',
];
const ACTION = new RegExp(`^(${ACTIONS.join('|')}): (.*)$`, 's');

const KIND: Readonly<Record<string, string>> = {
  reject: 'reject',
  'milter-reject': 'reject',
  'proxy-reject': 'reject',
  defer: 'reject',
  reject_warning: 'reject-warning',
  defer_if_permit: 'reject-warning',
  discard: 'discard',
  'milter-discard': 'discard',
  hold: 'hold',
  'milter-hold': 'hold',
  filter: 'filter',
  redirect: 'redirect',
  'milter-header-redirect': 'redirect',
  'proxy-accept': 'proxy-accept',
  warning: 'check-log',
  info: 'check-log',
};

// "RCPT from host[ip]: REPLY" or "header Subject: x from host[ip]" / "... from local".
function subject(action: string, body: string, fields: Fields): boolean {
  const head = /^(header|body|mime-header|nested-header) /.exec(body);
  if (head) {
    fields.check = head[1]!;
    // the client is after the last " from " (the header's own text may hold " from ")
    const text = body.slice(head[0].length);
    const at = text.lastIndexOf(' from ');
    const peer = at < 0 ? '' : text.slice(at + 6);
    if (peer === 'local') fields.client = 'local';
    else if (/^[^\s[]*\[[^\]]*\](?::\d+)?$/.test(peer)) addPeer(fields, 'client', peer);
    fields.text = fields.client === undefined ? text : text.slice(0, at);
    return true;
  }
  const stage = /^([A-Z][A-Z-]*) from ([^\s[]*\[[^\]]*\](?::\d+)?): (.*)$/s.exec(body);
  if (stage) {
    fields.stage = stage[1]!;
    addPeer(fields, 'client', stage[2]!);
    addReply(fields, stage[3]!);
    return true;
  }
  const proxy = /^([A-Z][A-Z-]*): (.*)$/s.exec(body);
  if (proxy && action.startsWith('proxy-')) {
    fields.stage = proxy[1]!;
    if (action === 'proxy-accept') addStatusText(fields, proxy[2]!);
    addReply(fields, proxy[2]!);
    return true;
  }
  return false;
}

export function parseAction(rest: string): Classified | undefined {
  const m = ACTION.exec(rest);
  if (!m) return undefined;
  const action = m[1]!;
  const fields: Fields = { action };
  const body = splitEnvelopeTail(m[2]!, fields);
  // warning:/info: without a header or body check is the daemon's own warning, not an action
  if (!subject(action, body, fields)) return undefined;
  if (fields.check && fields.detail && action.endsWith('reject')) addReply(fields, fields.detail);
  const kind = KIND[action] ?? action;
  const level = kind === 'reject' ? 'notice' : kind === 'reject-warning' ? 'warn' : undefined;
  return { kind, level, fields };
}
