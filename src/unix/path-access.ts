// Whether a user may use a file as the kernel decides it from mode bits: search (x) on every directory on
// the way, then read, write or execute on the file itself. From `ls -ldn` lines and `id -u`/`id -G`, the
// only tools that answer this alike on RHEL5 and today's Debian. ACLs are not evaluated: an ACL marker
// ("+") after the mode is reported so the sentence can say the mode bits decided.

export interface UserIds {
  readonly user: string;
  readonly uid: number;
  readonly gids: readonly number[];
}

export interface PathMode {
  readonly path: string;
  readonly type: string; // ls's first character: "-" file, "d" directory, "s" socket, "l" link ...
  readonly perms: string; // the nine permission characters, "rwxr-x---"
  readonly uid: number;
  readonly gid: number;
  readonly acl: boolean;
}

export type Want = 'read' | 'write' | 'execute';

// "drwxr-x---+ 14 0 8 4096 Dec  6 23:04 /var/lib/imap" -> its mode, owner and group (numeric, ls -n).
export function parseLsLine(path: string, line: string): PathMode | null {
  const m = /^([-dlcbpsD])([-rwxsStT]{9})([.+@]?)\s+\d+\s+(\d+)\s+(\d+)\s/.exec(line);
  if (!m) return null;
  return { path, type: m[1]!, perms: m[2]!, uid: Number(m[4]), gid: Number(m[5]), acl: m[3] === '+' };
}

// Every directory a path is reached through, then the path itself: "/a/b" -> ["/", "/a", "/a/b"].
export function pathChain(path: string): string[] {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  return ['/', ...parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}`)];
}

// The permission triplet that applies to the user: owner, else group (primary or supplementary), else other.
function triplet(ids: UserIds, m: PathMode): string {
  if (ids.uid === m.uid) return m.perms.slice(0, 3);
  if (ids.gids.includes(m.gid)) return m.perms.slice(3, 6);
  return m.perms.slice(6, 9);
}

const executable = (c: string | undefined): boolean => c === 'x' || c === 's' || c === 't';

export function allows(ids: UserIds, m: PathMode, want: Want): boolean {
  if (ids.uid === 0) {
    // root reads and writes anything; it executes a file only when some execute bit is set.
    if (want !== 'execute' || m.type === 'd') return true;
    return [2, 5, 8].some((i) => executable(m.perms[i]));
  }
  const t = triplet(ids, m);
  if (want === 'read') return t[0] === 'r';
  if (want === 'write') return t[1] === 'w';
  return executable(t[2]);
}

export type Reach =
  | { readonly ok: true; readonly target: PathMode }
  | { readonly ok: false; readonly why: 'missing'; readonly path: string }
  | { readonly ok: false; readonly why: 'denied'; readonly blocker: PathMode; readonly need: string };

// Walks the chain of `path` (modes of every element, by path) as `ids`: the first element that stops it.
export function reach(ids: UserIds, path: string, modes: ReadonlyMap<string, PathMode | null>, want: Want): Reach {
  const chain = pathChain(path);
  for (const [i, p] of chain.entries()) {
    const m = modes.get(p);
    if (!m) return { ok: false, why: 'missing', path: p };
    const last = i === chain.length - 1;
    if (!last && !allows(ids, m, 'execute')) return { ok: false, why: 'denied', blocker: m, need: 'search (x)' };
    if (last && !allows(ids, m, want)) return { ok: false, why: 'denied', blocker: m, need: NEED[want] };
    if (last) return { ok: true, target: m };
  }
  return { ok: false, why: 'missing', path };
}

const NEED: Record<Want, string> = { read: 'read (r)', write: 'write (w)', execute: 'execute (x)' };

// "drwx------ 0:8" style description of one element, with the owner and group as numbers.
export function describeMode(m: PathMode): string {
  return `${m.type}${m.perms}${m.acl ? '+' : ''} owner ${m.uid} group ${m.gid}`;
}
