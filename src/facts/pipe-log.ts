// The maillog's pipe deliveries of some pipe services, with, per queue id, how often its Message-ID was
// cleaned up (twice or more: it came back into postfix), and the newest complaints of ssmtp, msmtp, postdrop
// or sendmail. awk keeps the output small on a busy host: mail that came back is only counted (with its
// newest line); lines are printed for mail that did not come back and for mail the pipe has not delivered.
import { parsePipeLogDump, type PipeLogDump } from '../postfix/pipe-log.js';
import { factKey, shared, type FactContext } from './context.js';

export const MAILLOG_CANDIDATES = ['/var/log/maillog', '/var/log/mail.log', '/var/log/mail/mail.log'];
export const WINDOW_BYTES = 16 * 1024 * 1024;

const SCRIPT = `relays=$1; bytes=$2; shift 2
printf '@@now %s\\n' "$(date '+%s %z')"
f=
for c in "$@"; do [ -f "$c" ] && { f=$c; break; }; done
[ -n "$f" ] || exit 0
size=$(wc -c <"$f")
cut=0; [ "$size" -gt "$bytes" ] && cut=1
printf '@@log %s %s\\n' "$cut" "$f"
tail -c "$bytes" "$f" | awk -v relays="$relays" -v cut="$cut" '
BEGIN { n = split(relays, r, " "); for (i = 1; i <= n; i++) want[" relay=" r[i] ","] = 1 }
NR == 1 + cut { print "@@first " $0 }
/\\/cleanup\\[[0-9]+\\]: [0-9A-Za-z]+: message-id=/ {
  match($0, /\\]: [0-9A-Za-z]+: /); q = substr($0, RSTART + 3, RLENGTH - 5)
  m = $0; sub(/^.* message-id=/, "", m); id[q] = m; cnt[m]++; next
}
/\\/pipe\\[[0-9]+\\]: / {
  for (k in want) if (index($0, k)) {
    match($0, /\\]: [0-9A-Za-z]+: /); q = substr($0, RSTART + 3, RLENGTH - 5)
    last[q] = $0; rel[q] = k
    if (index($0, " status=sent ")) { sent[q] = $0; at[q] = NR }
    break
  }
  next
}
/sSMTP\\[|msmtp(:|\\[)|\\/postdrop\\[|\\/sendmail\\[/ { err[ne++ % 10] = $0 }
END {
  for (q in last) if (!index(last[q], " status=sent ")) print last[q]
  for (q in sent) {
    c = (q in id) ? cnt[id[q]] : 0
    if (c < 2) { print sent[q]; print "@@mid " q " " c " " id[q]; continue }
    k = rel[q]; back[k]++
    if (at[q] > bestat[k]) { bestat[k] = at[q]; best[k] = q }
  }
  for (k in back) {
    nm = k; sub(/^ relay=/, "", nm); sub(/,$/, "", nm); q = best[k]
    print "@@back " nm " " back[k]; print sent[q]; print "@@mid " q " " cnt[id[q]] " " id[q]
  }
  for (i = (ne > 10 ? ne - 10 : 0); i < ne; i++) print "@@err " err[i % 10]
}'`;

export interface PipeLogFacts extends PipeLogDump {
  readonly relays: readonly string[];
}

export function pipeLog(
  ctx: FactContext,
  relays: readonly string[],
  candidates: readonly string[] = MAILLOG_CANDIDATES,
): Promise<PipeLogFacts> {
  const key = factKey<PipeLogFacts>(`pipe-log:${[...relays].sort().join(',')}`);
  return shared(
    ctx,
    key,
    async () => {
      const argv = ['sh', '-c', SCRIPT, 'sh', relays.join(' '), String(WINDOW_BYTES), ...candidates];
      const r = await ctx.exec(argv, { timeoutMs: 30_000, maxOutputBytes: 4 * 1024 * 1024 });
      return { relays, ...parsePipeLogDump(r.stdout) };
    },
    (f) => `${f.lines.length} pipe lines of ${f.relays.join(', ')} in ${f.logPath ?? 'no maillog'}`,
  );
}
