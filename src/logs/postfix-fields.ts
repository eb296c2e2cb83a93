// The key=value parts of postfix messages: the comma-separated lists of delivery and qmgr lines
// ("to=<a>, relay=h[ip]:25, delay=1.2, ..., status=sent (250 Ok: queued as X)"), the envelope tail of smtpd
// and cleanup actions ("; from=<a> to=<b> proto=ESMTP helo=<h>"), and peers written as "name[address]:port".
// Addresses are kept without their angle brackets: from="" is the null sender.

export type Fields = Record<string, string>;

const unbracket = (v: string): string => (v.startsWith('<') && v.endsWith('>') ? v.slice(1, -1) : v);

// "name[1.2.3.4]:25" or "[1.2.3.4]:60591" or "name[private/dovecot-lmtp]": into name, ip and port fields.
export function addPeer(fields: Fields, key: string, peer: string): void {
  fields[key] = peer;
  const m = /^([^[\s]*)\[([^\]]*)\](?::(\d+))?$/.exec(peer);
  if (!m) return;
  if (m[1]) fields[`${key}_name`] = m[1];
  fields[`${key}_ip`] = m[2]!;
  if (m[3]) fields[`${key}_port`] = m[3];
}

// The parenthesised text after status=WORD runs to the last ")" of the line (it holds parentheses itself).
function statusText(rest: string): string | undefined {
  if (!rest.startsWith(' (')) return undefined;
  const end = rest.lastIndexOf(')');
  return end > 1 ? rest.slice(2, end) : rest.slice(2);
}

const QUEUED_AS = /\bqueued as ([0-9A-Za-z]+)\)?\s*$/;

// "250 2.0.0 Ok: queued as 153053D" (also nested inside an amavis reply): the next hop's queue id.
export function addStatusText(fields: Fields, text: string): void {
  fields.status_text = text;
  const queued = QUEUED_AS.exec(text) ?? /\bqueued as ([0-9A-Za-z]+)/.exec(text);
  if (queued) fields.queued_as = queued[1]!;
  const forwarded = /^forwarded as ([0-9A-Za-z]+)/.exec(text);
  if (forwarded) fields.forwarded_as = forwarded[1]!;
}

// A comma-separated key=value list as delivery agents and qmgr write it; returns the text after the list
// (after status=, the status word's parenthesised text is taken too).
export function parseKeyValueList(text: string, fields: Fields): string {
  let rest = text;
  for (;;) {
    const m = /^([a-z_-]+)=(<[^>]*>|[^,\s]*)/.exec(rest);
    if (!m) return rest;
    const key = m[1]!;
    const value = unbracket(m[2]!);
    rest = rest.slice(m[0].length);
    if (key === 'relay' || key === 'client' || key === 'orig_client') addPeer(fields, key, value);
    else fields[key] = value;
    if (key === 'status') {
      const st = statusText(rest);
      if (st !== undefined) {
        addStatusText(fields, st);
        return '';
      }
    }
    if (rest.startsWith(', ')) rest = rest.slice(2);
    else if (rest.startsWith(' ') && /^ [a-z_-]+=/.test(rest)) rest = rest.slice(1);
    else return rest;
  }
}

const TAIL_START = /; (?=(?:from|to)=<|proto=)/g;

// Splits "TEXT; from=<a> to=<b> proto=ESMTP helo=<h>: EXTRA" into TEXT and the envelope fields; EXTRA (what a
// header check's PREPEND, REDIRECT or milter reply adds) goes into fields.detail. Without a tail: the text.
export function splitEnvelopeTail(text: string, fields: Fields): string {
  let start = -1;
  for (const m of text.matchAll(TAIL_START)) start = m.index;
  if (start < 0) return text;
  let rest = text.slice(start + 2);
  for (;;) {
    const m = /^(from|to|proto|helo)=(<[^>]*>|[^,\s:]*)/.exec(rest);
    if (!m) break;
    fields[m[1]!] = unbracket(m[2]!);
    rest = rest.slice(m[0].length).replace(/^,? (?=(?:from|to|proto|helo)=)/, '');
  }
  const extra = /^: (.*)$/s.exec(rest);
  if (extra) fields.detail = extra[1]!;
  return text.slice(0, start);
}

// "450 4.7.1 <x>: Recipient address rejected: ..." into code, dsn and the whole reply.
export function addReply(fields: Fields, reply: string): void {
  fields.reply = reply;
  const m = /^(?:(\d{3})[ -])?(\d\.\d{1,3}\.\d{1,3})?/.exec(reply);
  if (m?.[1]) fields.code = m[1];
  if (m?.[2]) fields.dsn = m[2];
}
