// What a host's saslauthd is doing, from the socket cyrus asks (imapd.conf's sasl_saslauthd_path): is the
// daemon of that socket alive (its pid file beside the socket), does the socket accept a connection, what its
// service settings and its last log lines say. One sh script, read only; asked when a password login fails.
import type { FactContext } from './context.js';
import { factKey, memo } from './context.js';
import {
  parseSaslauthdArgs,
  parseSaslauthdLog,
  parseSaslauthdService,
  SASLAUTHD_SERVICE_FILES,
  type SaslauthdLog,
  type SaslauthdSettings,
} from '../cyrus/saslauthd.js';

export interface SaslauthdState {
  readonly socket: string;
  readonly pid: number | null; // a live saslauthd of the socket's directory (its pid file), else null
  readonly running?: SaslauthdSettings; // from the live process's command line
  readonly elsewhere: readonly string[]; // command lines of saslauthd processes with another -m directory
  readonly socketState: 'accepts' | 'refuses' | 'missing' | 'not-a-socket' | 'untested';
  readonly socketError?: string;
  readonly service: readonly { readonly path: string; readonly settings: SaslauthdSettings }[];
  readonly log: SaslauthdLog;
}

// $1: the socket. kill -0 fails for another user's process, so /proc/PID counts too.
const SCRIPT = `sock=$1; dir=\${sock%/*}
if [ -f "$dir/saslauthd.pid" ]; then
  pid=$(cat "$dir/saslauthd.pid" 2>/dev/null)
  case "$pid" in ''|*[!0-9]*) ;; *)
    if kill -0 "$pid" 2>/dev/null || [ -d "/proc/$pid" ]; then echo "alive $pid $(ps -p "$pid" -o args= 2>/dev/null)"; fi ;;
  esac
fi
ps -e -o args= 2>/dev/null | grep '^[^ ]*saslauthd ' | sed 's/^/proc /'
if [ -S "$sock" ]; then
  perl -MIO::Socket::UNIX -e 'IO::Socket::UNIX->new(Peer => $ARGV[0]) or do { print "socket refuses $!\\n"; exit 0 };
    print "socket accepts\\n"' "$sock" 2>/dev/null || echo "socket untested"
elif [ -e "$sock" ]; then echo "socket not-a-socket"; else echo "socket missing"; fi
for f in ${SASLAUTHD_SERVICE_FILES.join(' ')}; do
  [ -f "$f" ] && { echo "@@file $f"; sed 's/^/| /' "$f"; }
done
for f in /var/log/messages /var/log/auth.log; do
  [ -f "$f" ] && tail -c 2000000 "$f" 2>/dev/null | grep 'saslauthd\\[' | tail -n 30 | sed 's/^/log /'
done
exit 0`;

export const SASLAUTHD_FACT = factKey<SaslauthdState>('saslauthd');

export function saslauthdState(ctx: FactContext, socket: string): Promise<SaslauthdState> {
  return memo(ctx, SASLAUTHD_FACT, async () => {
    const r = await ctx.exec(['sh', '-c', SCRIPT, 'sh', socket]);
    return parseSaslauthdState(socket, r.stdout);
  });
}

export function parseSaslauthdState(socket: string, stdout: string): SaslauthdState {
  const dir = socket.slice(0, socket.lastIndexOf('/'));
  let pid: number | null = null;
  let running: SaslauthdSettings | undefined;
  const elsewhere: string[] = [];
  let socketState: SaslauthdState['socketState'] = 'untested';
  let socketError: string | undefined;
  const service: { path: string; lines: string[] }[] = [];
  const logLines: string[] = [];
  for (const line of stdout.split('\n')) {
    const alive = /^alive (\d+) ?(.*)$/.exec(line);
    if (alive?.[1]) {
      pid = Number(alive[1]);
      if (alive[2]) running = parseSaslauthdArgs(alive[2]);
    } else if (line.startsWith('proc ')) {
      const args = line.slice(5);
      const m = parseSaslauthdArgs(args).socketDir;
      if (m && m.replace(/\/$/, '') !== dir) elsewhere.push(args);
    } else if (line.startsWith('socket ')) {
      const [, state = 'untested', ...rest] = line.split(' ');
      socketState = state as SaslauthdState['socketState'];
      if (rest.length > 0) socketError = rest.join(' ');
    } else if (line.startsWith('@@file ')) {
      service.push({ path: line.slice(7), lines: [] });
    } else if (line.startsWith('| ')) {
      service.at(-1)?.lines.push(line.slice(2));
    } else if (line.startsWith('log ')) {
      logLines.push(line.slice(4));
    }
  }
  return {
    socket,
    pid,
    ...(running ? { running } : {}),
    elsewhere: [...new Set(elsewhere)],
    socketState,
    ...(socketError ? { socketError } : {}),
    service: service.map((s) => ({ path: s.path, settings: parseSaslauthdService(s.lines.join('\n')) })),
    log: parseSaslauthdLog(logLines),
  };
}
