// The few POSIX sh commands the collector needs around the spec, one round trip each: which guards hold,
// which paths of some globs exist, and the metadata of secret files (ls -ld: never their content).
// Globs come from the spec only (spec tests hold them to plain characters), never from user input.
import type { FileMetadata } from '../manifest.js';
import type { Guard } from './types.js';

export const SBIN_DIRS = ['/usr/sbin', '/sbin', '/usr/lib/cyrus/bin', '/usr/lib/cyrus-imapd', '/usr/local/sbin'];
const SAFE_GLOB = /^\/[A-Za-z0-9_./*?+-]+$/;

function checkGlobs(globs: readonly string[]): void {
  for (const g of globs) if (!SAFE_GLOB.test(g)) throw new Error(`not a plain path or glob: ${JSON.stringify(g)}`);
}

// `sh -c` printing each existing path of the globs, one a line; with filesOnly, regular files only (a glob
// like /var/spool/cron/* also names Debian's crontabs directory).
export function existingPathsArgv(globs: readonly string[], options: { filesOnly?: boolean } = {}): string[] {
  checkGlobs(globs);
  if (globs.length === 0) return ['true'];
  const test = options.filesOnly ? '-f' : '-e';
  return ['sh', '-c', `for f in ${globs.join(' ')}; do [ ${test} "$f" ] && printf '%s\\n' "$f"; done; exit 0`];
}

export function parsePaths(stdout: string): string[] {
  return [...new Set(stdout.split('\n').filter((l) => l.startsWith('/')))];
}

// `ls -ld` of each existing path: mode, owner, group, size, time; in the C locale so the columns parse.
export function metadataArgv(globs: readonly string[]): string[] {
  checkGlobs(globs);
  if (globs.length === 0) return ['true'];
  const loop = `for f in ${globs.join(' ')}; do [ -e "$f" ] && ls -ld -- "$f"; done; exit 0`;
  return ['sh', '-c', `LC_ALL=C; export LC_ALL; ${loop}`];
}

export interface ListedFile {
  readonly path: string;
  readonly metadata: FileMetadata;
}

// "-rw------- 1 root root 1234 Dec  7 05:00 /etc/krb5.keytab" (GNU, busybox and RHEL5 coreutils alike).
export function parseLsLd(stdout: string): ListedFile[] {
  const out: ListedFile[] = [];
  for (const line of stdout.split('\n')) {
    const m =
      /^([-dlcbps][-rwxsStTl.+]{9}[.+@]?)\s+\d+\s+(\S+)\s+(\S+)\s+(\d+)\s+(\w{3}\s+\d{1,2}\s+[\d:]+)\s+(\/.*)$/.exec(
        line,
      );
    if (!m) continue;
    const path = (m[6] ?? '').replace(/ -> .*$/, '');
    out.push({
      path,
      metadata: { mode: m[1] ?? '', owner: m[2] ?? '', group: m[3] ?? '', size: Number(m[4]), mtime: m[5] ?? '' },
    });
  }
  return out;
}

// One sh script answering every guard: a line "<index> yes|no" per guard, in order.
export function guardsArgv(guards: readonly Guard[]): string[] {
  const tests = guards.map((g, i) => `if ${guardTest(g)}; then echo "${i} yes"; else echo "${i} no"; fi`);
  return ['sh', '-c', tests.length > 0 ? tests.join('\n') : 'true'];
}

export function parseGuards(stdout: string, count: number): boolean[] {
  const out = new Array<boolean>(count).fill(false);
  for (const line of stdout.split('\n')) {
    const m = /^(\d+) (yes|no)$/.exec(line.trim());
    if (m && Number(m[1]) < count) out[Number(m[1])] = m[2] === 'yes';
  }
  return out;
}

function guardTest(g: Guard): string {
  switch (g.kind) {
    case 'always':
      return 'true';
    case 'anyPath':
      checkGlobs(g.paths);
      return `(for f in ${g.paths.join(' ')}; do [ -e "$f" ] && exit 0; done; exit 1)`;
    case 'command': {
      if (!/^[A-Za-z0-9_.+-]+$/.test(g.name)) throw new Error(`not a command name: ${JSON.stringify(g.name)}`);
      const dirs = SBIN_DIRS.map((d) => `[ -x ${d}/${g.name} ]`).join(' || ');
      return `{ command -v ${g.name} >/dev/null 2>&1 || ${dirs}; }`;
    }
  }
}
