// `postmap -q KEY TYPE:NAME` on a host: one sh run for many lookups, and what its exit status and stderr mean.
// postmap exits 1 both for "not found" and for a table error; only "fatal:" on stderr tells them apart.

export type PostmapAnswer =
  | { readonly kind: 'found'; readonly value: string }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'error'; readonly cause: LookupErrorCause; readonly message: string };

export type LookupErrorCause = 'bind' | 'unreachable' | 'timeout' | 'missing' | 'other';

export interface PostmapLookup {
  readonly key: string;
  readonly table: string; // "ldap:/etc/postfix/exchrecipients"
}

const MARK = '@@oxdoctor-postmap';

// Keys and tables are arguments of sh, never part of its script. PATH gains the sbin directories that
// non-login SSH shells lack.
const SCRIPT = [
  'PATH=$PATH:/usr/sbin:/sbin:/usr/local/sbin',
  'c=$1; shift',
  'while [ $# -ge 2 ]; do',
  ' if [ -n "$c" ]; then r=$(postmap -c "$c" -q "$1" "$2" 2>&1); else r=$(postmap -q "$1" "$2" 2>&1); fi',
  ` echo "${MARK} $?"`,
  ' printf "%s\\n" "$r"',
  ' shift 2',
  'done',
].join('\n');

// configDirectory: passed as -c only when it is not the default.
export function postmapBatchArgv(lookups: readonly PostmapLookup[], configDirectory?: string): string[] {
  const c = configDirectory && configDirectory !== '/etc/postfix' ? configDirectory : '';
  return ['sh', '-c', SCRIPT, 'sh', c, ...lookups.flatMap((l) => [l.key, l.table])];
}

// One answer per lookup, in order; null when the output was cut short.
export function parsePostmapBatch(stdout: string, count: number): PostmapAnswer[] | null {
  const answers: PostmapAnswer[] = [];
  const blocks = stdout.split(new RegExp(`^${MARK} `, 'm')).slice(1);
  for (const block of blocks) {
    const nl = block.indexOf('\n');
    const code = Number(block.slice(0, nl === -1 ? undefined : nl));
    answers.push(classifyPostmap(code, nl === -1 ? '' : block.slice(nl + 1)));
  }
  return answers.length === count ? answers : null;
}

// Output is stdout and stderr together: on success the value (warnings may precede it), on failure
// the warnings and the fatal line.
export function classifyPostmap(code: number, output: string): PostmapAnswer {
  const lines = output.split('\n').filter((l) => l !== '');
  const diagnostics = lines.filter((l) => /^postmap: (warning|fatal|error):/.test(l));
  if (code === 0) {
    const value = lines.filter((l) => !diagnostics.includes(l)).join('\n');
    return { kind: 'found', value };
  }
  if (code === 127 || /postmap: (command )?not found/.test(output))
    return { kind: 'error', cause: 'missing', message: 'postmap not found on the host' };
  if (!diagnostics.some((l) => /fatal:/.test(l))) return { kind: 'not-found' };
  const message = diagnostics.map((l) => l.replace(/^postmap: /, '')).join('; ');
  return { kind: 'error', cause: causeOf(message), message };
}

export function causeOf(message: string): LookupErrorCause {
  if (/Invalid credentials|\b49\b \(|bind.*refused|Inappropriate authentication/i.test(message)) return 'bind';
  if (/timed? ?out|Timeout/i.test(message)) return 'timeout';
  if (
    /Can't contact LDAP server|not connected|Connection refused|No route|unreachable|ECONNREFUSED|EHOSTUNREACH/i.test(
      message,
    )
  )
    return 'unreachable';
  if (/No such file|open database|cannot open/i.test(message)) return 'missing';
  return 'other';
}
