// The places in logs and listings where a word can only be a user's login, so --obfuscate learns every user it
// meets, not only those it was told: postfix's `sasl_username=USER`, cyrus' `login: host [ip] USER mech` and
// `badlogin: host [ip] mech USER`, saslauthd's `[user=USER]`, the local part of `to=<USER@domain>`,
// `orig_to=<...>` and `from=<...>` when the domain is the site's, and cyrus mailbox names `user.USER`,
// `user/USER`, `user.USER.Sent Items`, `DELETED.user.USER...`, `example.com!user.USER`.
// Each context begins with a word (sasl_username, login, user, to ...): the word scan (words.ts) calls
// learnAt when it meets one, so the name right after it is known by the time the scan reaches it.

// The words that begin a context (lowercase, case-sensitive in the text).
export const CONTEXT_WORDS: ReadonlySet<string> = new Set([
  'sasl_username',
  'login',
  'badlogin',
  'user',
  'to',
  'orig_to',
  'from',
]);

const SASL = /sasl_username=([^\s,]+)/y;
const LOGIN = /login: \S+ \[[^\]\s]*\] ([^\s[]+) /y;
const BADLOGIN = /badlogin: \S+ \[[^\]\s]*\] \S+ ([^\s[]+) /y;
const BRACKET_USER = /user=([^\]\s]+)\]/y;
const ADDRESS = /=<([^<>@\s]+)@([^<>\s]+)>/y;
const MAILBOX_DOT = /user\.([A-Za-z0-9_^-]+)(?![=:A-Za-z0-9_^-])/y;
const MAILBOX_SLASH = /user\/([A-Za-z0-9_.-]+)(?![=:A-Za-z0-9_.-])/y;

function sticky(re: RegExp, text: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(text)?.[1];
}

// The login a context word (lowercased) at [start, end) of the text introduces (user@domain and user+extension
// cut to the user), or undefined. knownDomain: whether an address's domain is the site's (to=, from=).
export function learnAt(
  text: string,
  word: string,
  start: number,
  end: number,
  knownDomain: (domain: string) => boolean,
): string | undefined {
  const next = text.charCodeAt(end);
  if (next !== 61 && next !== 58 && next !== 46 && next !== 47) return undefined; // = : . /
  let found: string | undefined;
  switch (word) {
    case 'sasl_username':
      found = sticky(SASL, text, start);
      break;
    case 'login':
      found = sticky(LOGIN, text, start);
      break;
    case 'badlogin':
      found = sticky(BADLOGIN, text, start);
      break;
    case 'to':
    case 'orig_to':
    case 'from': {
      if (next !== 61) return undefined; // =
      ADDRESS.lastIndex = end;
      const m = ADDRESS.exec(text);
      found = m && knownDomain(m[2]!) ? m[1] : undefined;
      break;
    }
    case 'user':
      if (next === 61)
        found = text.charCodeAt(start - 1) === 91 ? sticky(BRACKET_USER, text, start) : undefined; // [user=
      else if (next === 46 && mailboxStart(text, start)) found = sticky(MAILBOX_DOT, text, start);
      else if (next === 47 && mailboxStart(text, start)) found = sticky(MAILBOX_SLASH, text, start);
      break;
  }
  if (found === undefined) return undefined;
  const at = found.lastIndexOf('@');
  const user = at === -1 ? found : found.slice(0, at);
  const plus = user.indexOf('+');
  return (plus === -1 ? user : user.slice(0, plus)) || undefined;
}

// "user." begins a mailbox name after a space, a quote, a tab, "!" (a domain) or "DELETED.", not inside a dotted
// name ("com.openexchange.user.x") nor in a path ("/var/lib/imap/user/uuid").
function mailboxStart(text: string, at: number): boolean {
  if (at === 0) return true;
  const c = text.charCodeAt(at - 1);
  if (c === 46) return text.startsWith('DELETED.', at - 8); // .
  return c !== 47 && c !== 92; // / \
}
