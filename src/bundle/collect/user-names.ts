// The --obfuscate pre-pass on a cyrus host: the login of every mailbox owner (`user.X` / `user/X` in the mailbox
// list), so a user is replaced from its first appearance in every item, not only once a log line has shown it
// in a user context. The list goes to the obfuscator only, never into the archive.
import type { Transport } from '../../core/transport.js';
import { SBIN_DIRS } from '../collect-spec/remote.js';
import { runBounded } from './host-context.js';

// ctl_mboxlist -d, cut on the host to one line per owner: cyrus 2.3's tab format
// (`user.test1001<TAB>0 default test1001<TAB>lrswipcda`), 3.x's JSON lines (`"user.test1001": {"name": ...`),
// a virtual domain's prefix (`example.com!user.john`), cyrus' delayed delete (`DELETED.user.john.5F1A...`) and a
// login's dots written "^" (user.john^doe). Plain awk (RHEL5's gawk 3.1, mawk, busybox).
export const MAILBOX_OWNERS_AWK = [
  '{ n = $1; gsub(/^"|":?$/, "", n); sub(/^[^!]*!/, "", n); sub(/^DELETED\\./, "", n) }',
  'n ~ /^user[.\\/]/ { n = substr(n, 6); sub(/[.\\/].*/, "", n); gsub(/\\^/, ".", n)',
  '  if (n != "" && !(n in seen)) { seen[n] = 1; print n } }',
].join('\n');

// As the cyrus user only (as root, ctl_mboxlist could leave root-owned database files behind), in the first
// tool directory that has it; exit 127 when none does.
export const MAILBOX_OWNERS_SCRIPT = [
  `for d in ${SBIN_DIRS.join(' ')}; do`,
  '  [ -x "$d/ctl_mboxlist" ] || continue',
  `  su -s /bin/sh cyrus -c "$d/ctl_mboxlist -d" 2>/dev/null | awk '${MAILBOX_OWNERS_AWK}'`,
  '  exit 0',
  'done',
  'exit 127',
].join('\n');

const TIMEOUT_MS = 60_000;
const LOGIN = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

// The owners' logins; an error says only how the listing ended (never its output: it is every user's name).
export async function mailboxOwners(
  transport: Transport,
  signal?: AbortSignal,
): Promise<{ users: string[]; error?: string }> {
  try {
    const argv = ['sh', '-c', MAILBOX_OWNERS_SCRIPT];
    const r = await runBounded({ transport, ...(signal ? { signal } : {}) }, argv, TIMEOUT_MS, 'the mailbox owners');
    const users = parseOwners(r.stdout);
    if (r.code === 127) return { users, error: 'ctl_mboxlist not found in the cyrus tool directories' };
    if (r.code !== 0) return { users, error: `listing the mailbox owners ended with exit ${String(r.code)}` };
    return { users };
  } catch (e) {
    const why = e instanceof Error && /timed out|cancelled/.test(e.message) ? e.message : 'the host did not answer';
    return { users: [], error: why };
  }
}

export function parseOwners(stdout: string): string[] {
  return stdout.split('\n').filter((l) => LOGIN.test(l));
}
