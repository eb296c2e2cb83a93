// --obfuscate: host names, domains, IP addresses and user names replaced consistently across the whole
// archive, sos clean style (host0, domain0.example, 10.0.0.1, fd00::1, user0). The mapping is returned to be
// written beside the archive, never inside it. Works on latin1 strings (bytes), like the redactor.
// Users: those known up front, and every one met in a user context (obfuscate/learn.ts), from then on.
import { isIPv4, isIPv6 } from 'node:net';
import type { Transform } from 'node:stream';
import { MAX_LINE_BYTES, wholeLines } from './line-chunks.js';
import { CONTEXT_WORDS, learnAt } from './obfuscate/learn.js';
import { UserNames } from './obfuscate/users.js';
import { replaceWords, sameCase, WordFilter, type FindWord } from './obfuscate/words.js';

export interface ObfuscationInput {
  readonly domains?: Iterable<string>; // example.com, ad.example.com: every name under them is replaced
  readonly hostnames?: Iterable<string>; // short names (servera, node8888) and FQDNs
  readonly users?: Iterable<string>; // logins: test1001 ... (the config's, the cyrus mailbox owners)
  // the site's own addresses (its hosts, VIPs, endpoints): replaced even in a range kept otherwise (127.0.10.2)
  readonly addresses?: Iterable<string>;
}

export interface ObfuscationMap {
  readonly domains: Readonly<Record<string, string>>;
  readonly hosts: Readonly<Record<string, string>>;
  readonly ipv4: Readonly<Record<string, string>>;
  readonly ipv6: Readonly<Record<string, string>>;
  readonly users: Readonly<Record<string, string>>;
}

// Short names that are words of the logs and configs themselves ("relay=" in every postfix line): left alone.
const NOT_HOST_NAMES = new Set(['localhost', 'relay', 'mail', 'smtp', 'imap', 'ldap', 'ad', 'www', 'exchange']);
const IPV4 = /(?<![\w.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\w]|\.\d)/g;
// The characters of a host name left of a domain (labels and dots).
const NAME_CHAR = /[A-Za-z0-9_.-]/;

export class Obfuscator {
  private readonly tables = {
    domains: new Map<string, string>(),
    hosts: new Map<string, string>(),
    ipv4: new Map<string, string>(),
    ipv6: new Map<string, string>(),
  };
  private readonly domainNames = new Set<string>();
  private readonly hostNames = new Set<string>();
  private readonly words = new WordFilter(); // host names, logins and the words of user contexts
  private readonly users = new UserNames(this.words);
  private readonly siteAddresses = new Set<string>();
  private patterns: { names: RegExp | null } | null = null;
  private readonly knownDomain = (domain: string): boolean => this.isKnownDomain(domain);
  private readonly findWord: FindWord = (text, lower, start, end) => this.wordAt(text, lower, start, end);

  constructor(input: ObfuscationInput = {}) {
    for (const w of CONTEXT_WORDS) this.words.add(w);
    for (const d of input.domains ?? []) this.addDomain(d);
    for (const h of input.hostnames ?? []) this.addHost(h);
    for (const u of input.users ?? []) this.addUser(u);
    for (const a of input.addresses ?? []) this.addAddress(a);
  }

  addDomain(domain: string): void {
    const d = domain.toLowerCase().replace(/^\.+|\.+$/g, '');
    if (d.includes('.') && !this.domainNames.has(d)) {
      this.domainNames.add(d);
      this.patterns = null;
    }
  }

  // An FQDN adds its domain (the part after the first label) and its short name.
  addHost(name: string): void {
    const n = name.toLowerCase();
    const dot = n.indexOf('.');
    if (dot > 0) this.addDomain(n.slice(dot + 1));
    const short = dot > 0 ? n.slice(0, dot) : n;
    if (short && !NOT_HOST_NAMES.has(short) && !this.hostNames.has(short)) {
      this.hostNames.add(short);
      this.words.add(short);
    }
  }

  // A login (lowercased; common words and one-letter names are never users: obfuscate/users.ts), numbered now.
  addUser(login: string): void {
    this.users.add(login);
  }

  // One of the site's addresses, numbered now: replaced wherever it shows, loopback range or not. 127.0.0.1,
  // ::1 and the unspecified addresses name no host of the site and stay.
  addAddress(address: string): void {
    const a = address.toLowerCase();
    if (isIPv4(a) && !['127.0.0.1', '0.0.0.0'].includes(a)) {
      this.siteAddresses.add(a);
      this.map('ipv4', a, ipv4Of);
    } else if (isIPv6(a) && !keepIPv6(a)) {
      this.map('ipv6', a, ipv6Of);
    }
  }

  // One text (lines, a chunk of lines, an entry name) with every known name and every address replaced; a user
  // it shows in a user context is learned there, replaced from there on and in every later text.
  text(input: string): string {
    const p = this.compiled();
    let out = this.replaceIPv6(input);
    out = out.replace(IPV4, (m, a: string, b: string, c: string, d: string) =>
      keepIPv4([a, b, c, d].map(Number)) && !this.siteAddresses.has(m) ? m : this.map('ipv4', m, ipv4Of),
    );
    if (p.names) out = this.replaceNames(out, p.names);
    return replaceWords(out, this.words, this.findWord);
  }

  // A word of the text: a host's short name, a user (a context word learns the user it introduces first).
  private wordAt(text: string, lower: string, start: number, end: number): ReturnType<FindWord> {
    const word = lower.slice(start, end);
    if (this.hostNames.has(word)) return { end, replacement: this.map('hosts', word, hostOf) };
    if (CONTEXT_WORDS.has(word)) {
      const user = learnAt(text, word, start, end, this.knownDomain);
      if (user !== undefined) this.users.add(user);
    }
    return this.users.find(lower, start, word);
  }

  // example.com or a name under it (mail.example.com), as given or already replaced (domain0.example)
  private isKnownDomain(domain: string): boolean {
    for (let d = domain.toLowerCase(); d.includes('.'); d = d.slice(d.indexOf('.') + 1)) {
      if (this.domainNames.has(d) || (d.startsWith('domain') && /^domain\d+\.example$/.test(d))) return true;
    }
    return false;
  }

  // IPv6 addresses, found from their colons: a run of hex digits and colons around each colon is one when
  // it holds "::" or seven colons and isIPv6 says so (times like 05:00:00 cost a glance). A regex tried at
  // every hex digit was the slowest part of obfuscating a maillog.
  private replaceIPv6(text: string): string {
    let out = '';
    let pos = 0;
    for (let colon = text.indexOf(':'); colon !== -1; colon = text.indexOf(':', colon + 1)) {
      let start = colon;
      while (start > pos && isHexOrColon(text.charCodeAt(start - 1))) start--;
      let end = colon + 1;
      let colons = 1;
      let double = false; // the first colon found is the run's leftmost: earlier ones were passed with their run
      for (let c = text.charCodeAt(end); end < text.length && isHexOrColon(c); c = text.charCodeAt(++end)) {
        if (c !== 58) continue;
        colons++;
        if (text.charCodeAt(end - 1) === 58) double = true;
      }
      colon = end - 1;
      if (!double && colons < 7) continue;
      const run = text.slice(start, end);
      const before = text.charCodeAt(start - 1);
      const after = text.charCodeAt(end);
      if (isWordOrDot(before) || isWordOrDot(after)) continue; // std::string, Foo::Bar, part of a longer word
      if (keepIPv6(run)) continue;
      out += text.slice(pos, start) + this.map('ipv6', run.toLowerCase(), ipv6Of);
      pos = end;
    }
    return out + text.slice(pos);
  }

  // Every occurrence of a known domain, found in the lowercased text (latin1 keeps offsets), with the host
  // labels left of it: one search for the domains instead of a host-name pattern tried at every position.
  private replaceNames(text: string, domains: RegExp): string {
    const lower = text.toLowerCase();
    let out = '';
    let pos = 0;
    domains.lastIndex = 0;
    for (let m = domains.exec(lower); m; m = domains.exec(lower)) {
      const end = m.index + m[0].length;
      let start = m.index;
      while (start > pos && NAME_CHAR.test(text[start - 1] ?? '')) start--;
      const left = text.slice(start, m.index);
      // a domain inside a longer word (notexample.com) or name (x.example.com.au: the lookahead) is not one
      if (left !== '' && !left.endsWith('.')) continue;
      const host = left.replace(/^[._-]+/, '');
      const lead = left.slice(0, left.length - host.length);
      const d = this.map('domains', m[0], (i) => `domain${i}.example`);
      const h = host ? `${this.map('hosts', host.slice(0, -1).toLowerCase(), (i) => `host${i}`)}.` : '';
      out += text.slice(pos, start) + lead + sameCase(text.slice(start + lead.length, end), h + d);
      pos = end;
    }
    return out + text.slice(pos);
  }

  mapping(): ObfuscationMap {
    const obj = (m: Map<string, string>): Record<string, string> => Object.fromEntries(m);
    const t = this.tables;
    return {
      domains: obj(t.domains),
      hosts: obj(t.hosts),
      ipv4: obj(t.ipv4),
      ipv6: obj(t.ipv6),
      users: this.users.mapping(),
    };
  }

  private map(table: keyof Obfuscator['tables'], key: string, make: (i: number) => string): string {
    const t = this.tables[table];
    let v = t.get(key);
    if (v === undefined) {
      v = make(t.size + (table === 'ipv4' || table === 'ipv6' ? 1 : 0));
      t.set(key, v);
    }
    return v;
  }

  private compiled(): NonNullable<Obfuscator['patterns']> {
    if (this.patterns) return this.patterns;
    const alt = (names: Set<string>): string =>
      [...names]
        .sort((a, b) => b.length - a.length)
        .map((n) => escapeRegExp(Buffer.from(n, 'utf8').toString('latin1')))
        .join('|');
    this.patterns = {
      // known domains (lowercase, searched in lowercased text), the longest first
      names: this.domainNames.size === 0 ? null : new RegExp(`(?:${alt(this.domainNames)})(?![\\w-]|\\.[a-z0-9])`, 'g'),
    };
    return this.patterns;
  }
}

export function obfuscateStream(obfuscator: Obfuscator, maxLineBytes = MAX_LINE_BYTES): Transform {
  return wholeLines((text) => obfuscator.text(text), maxLineBytes);
}

function isHexOrColon(c: number): boolean {
  return (c >= 48 && c <= 58) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102); // 0-9 : A-F a-f
}

function isWordOrDot(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46;
}

// Loopback, unspecified, broadcast and netmasks say nothing about the site and matter when reading configs.
function keepIPv4([a, b, c, d]: number[]): boolean {
  if ([a, b, c, d].some((n) => n === undefined || n > 255)) return true;
  return a === 127 || a === 0 || a === 255 || (a === 224 && b === 0 && c === 0 && d === 0);
}

function keepIPv6(m: string): boolean {
  return !isIPv6(m) || m === '::' || m === '::1' || !/[0-9a-f]/i.test(m.replace(/:/g, ''));
}

// 1 -> 10.0.0.1, 254 -> 10.0.0.254, 255 -> 10.0.1.1: no .0 or .255 hosts.
function ipv4Of(i: number): string {
  const k = i - 1;
  return `10.${Math.floor(k / 254 / 256) % 256}.${Math.floor(k / 254) % 256}.${(k % 254) + 1}`;
}

function hostOf(i: number): string {
  return `host${i}`;
}

function ipv6Of(i: number): string {
  return `fd00::${i.toString(16)}`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
