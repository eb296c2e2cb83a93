// The user's messages of a queue too big to keep whole (queue-kept.ts): postqueue listed again on the host and
// cut there to the messages that name one of the user's strings, fixed strings read from stdin (never argv or a
// pattern): -j lines through grep -F, -p entries (blank-line separated) through awk's paragraph mode, index().
import type { CheckContext } from '../../core/check.js';
import type { QueueFacts } from '../../facts/queue.js';
import { readQueueListing } from '../../postfix/queue-read.js';
import type { QueuedMessage } from '../../postfix/queue-types.js';

const JSON_SCRIPT = `pats=$(cat); printf '%s\\n' "$pats" | { exec 3<&0 </dev/null; "$@" | grep -i -F -f /dev/fd/3; }; exit 0`;
const TEXT_SCRIPT = `pats=$(cat); printf '%s\\n' "$pats" | { exec 3<&0 </dev/null; "$@" | awk '
BEGIN { while ((getline l < "/dev/fd/3") > 0) if (l != "") p[++n] = tolower(l); RS = "" }
{ t = tolower($0); for (i = 1; i <= n; i++) if (index(t, p[i])) { print; print ""; next } }'; }; exit 0`;

export async function filteredQueue(
  ctx: CheckContext,
  q: QueueFacts,
  strings: readonly string[],
): Promise<{ messages: QueuedMessage[]; failure?: string }> {
  const fixed = strings.filter((s) => s !== '' && !/[\n\r\0]/.test(s));
  if (fixed.length === 0) return { messages: [] };
  const script = q.format === 'json' ? JSON_SCRIPT : TEXT_SCRIPT;
  const r = await ctx.exec(['sh', '-c', script, 'sh', ...q.command], {
    stdin: fixed.join('\n'),
    signal: ctx.signal,
    timeoutMs: Math.max(1, ctx.deadline - Date.now()),
    maxOutputBytes: 16 * 1024 * 1024,
  });
  if (r.timedOut || r.cancelled || r.code !== 0)
    return {
      messages: [],
      failure: `the filtered ${q.command.join(' ')} did not finish (${r.stderr.trim() || 'exit ' + r.code})`,
    };
  const messages: QueuedMessage[] = [];
  await readQueueListing(once(r.stdout), q.format, {
    nowSeconds: q.nowSeconds,
    ...(q.dir.utcOffsetMinutes !== undefined ? { utcOffsetMinutes: q.dir.utcOffsetMinutes } : {}),
    onMessage: (m) => messages.push(m),
  });
  return { messages };
}

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}
