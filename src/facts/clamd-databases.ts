// clamd's signature database files and their modification times, read on the host: how old the signatures
// really are, also when clamd loads only local databases and its VERSION answer carries no date.
import type { FactContext } from './context.js';
import { factKey, memo } from './context.js';

// Official databases freshclam keeps current (compressed, incremental, unsigned-local).
const OFFICIAL = ['cvd', 'cld', 'cud'];
// Local signature formats (hashes, body, logical, icon, container, phishing, yara, bytecode). Whitelists and
// settings (.fp, .ign, .ftm, .cfg, .info) are left out: editing one says nothing about the signatures.
const LOCAL = ['hdb', 'hsb', 'hdu', 'hsu', 'mdb', 'msb', 'mdu', 'msu', 'ndb', 'ndu', 'ldb', 'ldu', 'idb', 'cdb'];
const LOCAL_MORE = ['crb', 'pdb', 'gdb', 'wdb', 'yar', 'yara', 'cbc'];
export const SIGNATURE_SUFFIXES: readonly string[] = [...OFFICIAL, ...LOCAL, ...LOCAL_MORE];

// Where clamd keeps them without a DatabaseDirectory line: Debian and EPEL, then the older RHEL packages.
export const DEFAULT_DATABASE_DIRS = ['/var/lib/clamav', '/var/clamav'];

export interface SignatureFile {
  readonly path: string;
  readonly mtime: number; // epoch seconds, on the host's clock
  readonly official: boolean;
}

export interface ClamdDatabases {
  readonly directory: string | null; // the first of the candidates that exists
  readonly hostNow: number | null; // the host's clock (epoch seconds) when it listed them
  readonly files: readonly SignatureFile[];
}

// $@: candidate directories, the first that exists is listed. `date -r` (GNU, RHEL5 too), `stat -c %Y` as a
// fallback; the host's own `date +%s` so that an age does not depend on the clocks agreeing.
const SCRIPT = [
  'echo "now $(date +%s)"',
  'for d in "$@"; do',
  ' [ -d "$d" ] || continue',
  ' echo "dir $d"',
  ' for f in "$d"/*; do',
  '  case "$f" in',
  `   ${SIGNATURE_SUFFIXES.map((s) => `*.${s}`).join('|')}) ;;`,
  '   *) continue ;;',
  '  esac',
  '  [ -f "$f" ] || continue',
  '  t=$(date -r "$f" +%s 2>/dev/null || stat -c %Y "$f" 2>/dev/null)',
  '  printf "file\\t%s\\t%s\\n" "$t" "$f"',
  ' done',
  ' break',
  'done',
].join('\n');

export const CLAMD_DATABASES_FACT = factKey<ClamdDatabases>('clamd.databases');

export function clamdDatabases(ctx: FactContext, candidates: readonly string[]): Promise<ClamdDatabases> {
  return memo(ctx, CLAMD_DATABASES_FACT, async () => {
    const r = await ctx.exec(['sh', '-c', SCRIPT, 'sh', ...candidates]);
    return parseDatabaseListing(r.stdout);
  });
}

export function parseDatabaseListing(stdout: string): ClamdDatabases {
  let directory: string | null = null;
  let hostNow: number | null = null;
  const files: SignatureFile[] = [];
  for (const line of stdout.split('\n')) {
    if (line.startsWith('now ')) {
      const n = line.slice(4).trim();
      hostNow = /^\d+$/.test(n) ? Number(n) : null;
    } else if (line.startsWith('dir ')) {
      directory = line.slice(4);
    } else if (line.startsWith('file\t')) {
      const [, t, path] = line.split('\t');
      if (!path || !t || !/^\d+$/.test(t)) continue;
      const suffix = path.slice(path.lastIndexOf('.') + 1);
      files.push({ path, mtime: Number(t), official: OFFICIAL.includes(suffix) });
    }
  }
  return { directory, hostNow, files };
}
