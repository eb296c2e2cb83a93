// The filters of `oxdoctor logs` as one predicate, and the fixed strings that let the host's grep cut the bytes
// before they cross SSH. Queue ids and addresses select the lines about any of them (a user's lines and the
// queue ids those lines name); --grep and --level narrow that further.
import type { LogLine } from './types.js';
import { requiredLiterals } from './fixed-strings.js';

export interface LogQuery {
  readonly grep?: RegExp;
  readonly queueIds: ReadonlySet<string>;
  // Addresses (with '@', matched anywhere in the line, case-insensitively) and logins (without '@': the owner of
  // a mailbox or a login in cyrus' and saslauthd's lines, or the local part of an address in the line).
  readonly addresses: readonly string[];
  readonly level?: 'warn' | 'error';
}

export function matchesQuery(line: LogLine, query: LogQuery): boolean {
  if (query.level && !levelAtLeast(line, query.level)) return false;
  if (query.grep && !testRe(query.grep, line.raw)) return false;
  if (query.queueIds.size === 0 && query.addresses.length === 0) return true;
  return aboutQueueId(line, query.queueIds) || query.addresses.some((a) => aboutAddress(line, a));
}

// Literals every matching line contains at least one of (grep -F -e ... on the host); [] when none can be
// derived (then every line crosses and the predicate decides alone).
export function fixedStringsOf(query: LogQuery): string[] {
  if (query.queueIds.size > 0 || query.addresses.length > 0) {
    // A login or an address' local part: also found in cyrus' "user.LOGIN" and in every address form of it.
    const parts = query.addresses.map((a) => localPart(a));
    return minimal([...query.queueIds, ...parts.flatMap((p) => [p, p.toLowerCase()])]);
  }
  if (query.grep) return minimal(requiredLiterals(query.grep.source, query.grep.flags));
  return [];
}

// The queue ids a line names (its own, amavis' Queue-ID and queued_as), for following a user's messages.
export function addQueueIds(line: LogLine, ids: Set<string>): void {
  for (const id of [line.queueId, line.fields.queued_as, line.fields.queue_id]) {
    if (id && /^[0-9A-Za-z]{5,32}$/.test(id)) ids.add(id);
  }
}

function levelAtLeast(line: LogLine, level: 'warn' | 'error'): boolean {
  if (line.level === 'error') return true;
  return level === 'warn' && line.level === 'warn';
}

function testRe(re: RegExp, text: string): boolean {
  re.lastIndex = 0; // a /g or /y expression keeps state between calls
  return re.test(text);
}

function aboutQueueId(line: LogLine, ids: ReadonlySet<string>): boolean {
  if (ids.size === 0) return false;
  if (line.queueId !== undefined && ids.has(line.queueId)) return true;
  // amavis' Queue-ID/queued_as, smtp's "queued as X": the id inside the text, as a whole word.
  for (const id of ids) if (containsWord(line.raw, id, /[0-9A-Za-z]/)) return true;
  return false;
}

const ADDRESS_CHAR = /[0-9A-Za-z._%+=-]/;

function aboutAddress(line: LogLine, wanted: string): boolean {
  if (wanted.includes('@')) return containsWord(line.raw.toLowerCase(), wanted.toLowerCase(), ADDRESS_CHAR);
  const login = wanted.toLowerCase();
  if (line.fields.user?.toLowerCase() === login) return true;
  // A login is the local part of its addresses: "<login@", "<login+Sent Items@" (not "<login2@").
  return new RegExp(`[<\\s=:,]${escapeRe(login)}(?:\\+[^@>]*)?@`, 'i').test(line.raw);
}

// needle in text with no `inner` character right before or after it (a whole id, a whole address).
function containsWord(text: string, needle: string, inner: RegExp): boolean {
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
    const before = text[at - 1];
    const after = text[at + needle.length];
    if ((before === undefined || !inner.test(before)) && (after === undefined || !endsInside(text, at, needle, inner)))
      return true;
  }
  return false;
}

// A '.' after an address ends the sentence unless a name follows ("a@b.com." vs "a@b.com.au").
function endsInside(text: string, at: number, needle: string, inner: RegExp): boolean {
  const after = text[at + needle.length]!;
  if (!inner.test(after)) return false;
  if (after !== '.') return true;
  const next = text[at + needle.length + 1];
  return next !== undefined && /[0-9A-Za-z]/.test(next);
}

function localPart(addressOrLogin: string): string {
  const at = addressOrLogin.lastIndexOf('@');
  const local = at < 0 ? addressOrLogin : addressOrLogin.slice(0, at);
  const plus = local.indexOf('+'); // "login+Sent Items": the login is in every form
  return plus > 0 ? local.slice(0, plus) : local;
}

// Without duplicates and without a literal that contains another one (grep -F matches the shorter anyway).
function minimal(literals: readonly string[]): string[] {
  const unique = [...new Set(literals.filter((l) => l !== ''))].sort((a, b) => a.length - b.length);
  return unique.filter((l, i) => !unique.slice(0, i).some((shorter) => l.includes(shorter)));
}

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
