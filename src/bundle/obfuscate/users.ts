// The user names --obfuscate replaces: known up front (the config's logins, the cyrus mailbox owners) or learned
// from the text where a word can only be a user (learn.ts). Logins compare lowercased; each is numbered when it
// becomes known, so the mapping lists every user known.
import { WORD_CHAR, type WordFilter } from './words.js';

// System accounts and words of the logs and configs that a user context can hold but that name no person
// ("[user=cyrus]", "to=<root@...>", "user.home", cyrus' spool "user/uuid", the ACL's "anyone"): never users,
// so `cyrus/imap`, `/etc/cyrus.conf` or `anyone p` stay readable. A login of one character or of digits only
// is never one either (it would replace letters and numbers everywhere).
export const NOT_USER_NAMES: ReadonlySet<string> = new Set([
  'root', 'postfix', 'cyrus', 'mail', 'nobody', 'daemon', 'admin', 'administrator', 'postmaster', 'mailer-daemon',
  'double-bounce', 'abuse', 'hostmaster', 'webmaster', 'noreply', 'no-reply', 'amavis', 'vscan', 'clamav', 'clamscan',
  'apache', 'www-data', 'mysql', 'ldap', 'openldap', 'open-xchange', 'nagios', 'bin', 'sys', 'sync', 'uucp',
  'operator', 'games', 'ftp', 'sshd', 'ntp', 'dbus', 'saslauth', 'tomcat', 'user', 'users', 'anyone', 'anonymous',
  'guest', 'postman', 'uuid', 'shared', 'deleted', 'home', 'dir', 'name', 'language', 'country', 'region',
  'timezone', 'variant', 'script', 'localhost', 'unknown', 'none', 'test',
]); // prettier-ignore

const LOGIN = /^[a-z0-9_][a-z0-9_.-]{0,62}[a-z0-9_]$/;
const MAX_REJECTED = 10_000; // words a user context held that are no user, remembered to skip them quickly

export class UserNames {
  private readonly names = new Map<string, string>(); // login -> user<i>
  // logins with dots, by their first part: "john" -> ["john.doe"], the longest first
  private readonly dotted = new Map<string, string[]>();
  private readonly rejected = new Set<string>();

  // filter: the word scan's, told of every login (a dotted one by its first part)
  constructor(private readonly filter: WordFilter) {}

  // The login lowercased, or undefined when it is no user's name (too short, a common word, not a login).
  static normalize(login: string): string | undefined {
    const u = login.toLowerCase().replace(/\^/g, '.');
    if (!LOGIN.test(u) || /^[0-9]+$/.test(u) || NOT_USER_NAMES.has(u)) return undefined;
    return u;
  }

  // Adds a login; a new one gets the next user<i> right away.
  add(login: string): boolean {
    if (this.names.has(login) || this.rejected.has(login)) return false; // the usual case: seen before
    const u = UserNames.normalize(login);
    if (u === undefined) {
      if (this.rejected.size < MAX_REJECTED) this.rejected.add(login);
      return false;
    }
    if (this.names.has(u)) return false;
    this.names.set(u, `user${this.names.size}`);
    const dot = u.indexOf('.');
    if (dot > 0) {
      const head = u.slice(0, dot);
      const list = this.dotted.get(head) ?? [];
      list.push(u);
      list.sort((a, b) => b.length - a.length);
      this.dotted.set(head, list);
      this.filter.add(head);
    } else {
      this.filter.add(u);
    }
    return true;
  }

  mapping(): Record<string, string> {
    return Object.fromEntries(this.names);
  }

  // The login that is the word at [start, end) of the lowercased text, or a dotted one starting there
  // (john.doe, john^doe as cyrus writes it in a mailbox name).
  find(lower: string, start: number, word: string): { end: number; replacement: string } | undefined {
    const longer = this.dotted.size > 0 ? this.dotted.get(word) : undefined;
    for (const login of longer ?? []) {
      const stop = start + login.length;
      if (stop > lower.length || WORD_CHAR[lower.charCodeAt(stop)] === 1) continue;
      if (sameLogin(lower, start, login)) return { end: stop, replacement: this.names.get(login)! };
    }
    const replacement = this.names.get(word);
    return replacement === undefined ? undefined : { end: start + word.length, replacement };
  }
}

// "john.doe" at start of the text, its dots written "." or "^".
function sameLogin(lower: string, start: number, login: string): boolean {
  for (let k = 0; k < login.length; k++) {
    const c = lower.charCodeAt(start + k);
    const want = login.charCodeAt(k);
    if (c !== want && !(want === 46 && c === 94)) return false;
  }
  return true;
}
