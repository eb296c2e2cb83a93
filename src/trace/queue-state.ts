// Where a deferred or still-queued message is now: its queue file in the host's postfix spool (read only: find
// and stat). A deferred file's mtime is the time postfix tries it again (qmgr sets it when it defers).
import type { Transport } from '../core/transport.js';
import { RETRIES } from './ends.js';
import type { RecipientEnd, TraceResult } from './types.js';

// Arguments: queue ids. Prints "ID QUEUE MTIME" per id, "ID gone -" when no queue holds it.
export const QUEUE_STATE_SCRIPT = `PATH=$PATH:/usr/sbin:/sbin
q=$(postconf -h queue_directory 2>/dev/null) || exit 3
for id in "$@"; do
  f=
  for d in deferred active incoming hold maildrop corrupt; do
    f=$(find "$q/$d" -type f -name "$id" 2>/dev/null | head -n 1)
    [ -n "$f" ] && break
  done
  if [ -n "$f" ]; then
    t=$(stat -c %Y "$f" 2>/dev/null) || t=$(date -r "$f" +%s 2>/dev/null) || t=-
    printf '%s %s %s\\n' "$id" "$d" "$t"
  else
    printf '%s gone -\\n' "$id"
  fi
done`;

export interface QueueState {
  readonly queue: string; // deferred, active, incoming, hold, maildrop, corrupt, or gone
  readonly mtimeMs?: number;
}

const QUEUE_ID = /^[0-9A-Za-z]{6,20}$/;

export async function queueStates(
  transport: Transport,
  ids: readonly string[],
  signal?: AbortSignal,
): Promise<Map<string, QueueState>> {
  const wanted = [...new Set(ids)].filter((id) => QUEUE_ID.test(id));
  const out = new Map<string, QueueState>();
  if (wanted.length === 0) return out;
  const r = await transport.exec(['sh', '-c', QUEUE_STATE_SCRIPT, 'sh', ...wanted], {
    timeoutMs: 20_000,
    ...(signal ? { signal } : {}),
  });
  for (const row of r.stdout.split('\n')) {
    const [id, queue, t] = row.split(' ');
    if (!id || !queue || !wanted.includes(id)) continue;
    out.set(id, { queue, ...(t && /^\d+$/.test(t) ? { mtimeMs: Number(t) * 1000 } : {}) });
  }
  return out;
}

// The ends with what the hosts' queues say (per host: queue id -> state).
export function withQueueStates(
  result: TraceResult,
  states: ReadonlyMap<string, ReadonlyMap<string, QueueState>>,
): TraceResult {
  const messages = result.messages.map((m) => ({ ...m, ends: m.ends.map((e) => endWithState(e, states)) }));
  return { ...result, messages };
}

function endWithState(end: RecipientEnd, states: ReadonlyMap<string, ReadonlyMap<string, QueueState>>): RecipientEnd {
  if (end.state !== 'deferred' && end.state !== 'queued') return end;
  const state = end.queueId ? states.get(end.host)?.get(end.queueId) : undefined;
  if (!state) return end;
  const base = end.detail.endsWith(RETRIES) ? end.detail.slice(0, -RETRIES.length) : end.detail;
  if (state.queue === 'gone') return { ...end, queue: 'gone', detail: `${base}; no longer in ${end.host}'s queue` };
  const next = state.queue === 'deferred' && state.mtimeMs !== undefined ? state.mtimeMs : undefined;
  const when = next === undefined ? '' : `, next attempt ${new Date(next).toISOString().slice(0, 19)}Z`;
  const detail = `${base}; in the ${state.queue} queue on ${end.host}${when}`;
  return { ...end, queue: state.queue, ...(next === undefined ? {} : { nextAttempt: next }), detail };
}
