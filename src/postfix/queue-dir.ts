// Files per queue directory and the host's clock, read with plain POSIX tools (no postqueue, no postcat),
// so the counts exist even when the mail system is down, and the corrupt queue (which no listing shows)
// is counted. A directory whose files cannot all be listed (not root, not mail_owner) says so.
import { QUEUE_NAMES, type QueueName } from './queue-types.js';

export interface QueueDirCount {
  readonly queue: QueueName;
  readonly files: number | null; // null: the directory is missing or not (fully) readable
  readonly problem?: 'missing' | 'unreadable';
}

export interface QueueDirReport {
  readonly nowSeconds?: number;
  readonly utcOffsetMinutes?: number;
  readonly counts: readonly QueueDirCount[];
}

// The host's clock alone: asked first, so the listing can be read while the files are counted.
export function queueClockArgv(): string[] {
  return ['date', '+now %s %z'];
}

const SCRIPT = [
  'd=$1',
  `for q in ${QUEUE_NAMES.join(' ')}; do`,
  '  if [ -d "$d/$q" ]; then',
  '    echo "queue $q $(find "$d/$q" -type f -print 2>&1 | awk \'/^find: /{e=1;next}{n++}END{print (e?"unreadable ":"") n+0}\')"',
  '  else echo "queue $q missing"; fi',
  'done',
].join('\n');

export function queueDirArgv(queueDirectory: string): string[] {
  return ['sh', '-c', SCRIPT, 'sh', queueDirectory];
}

export function parseQueueDirReport(stdout: string): QueueDirReport {
  let nowSeconds: number | undefined;
  let utcOffsetMinutes: number | undefined;
  const counts: QueueDirCount[] = [];
  for (const line of stdout.split('\n')) {
    const now = /^now (\d+) ([+-])(\d\d)(\d\d)$/.exec(line.trim());
    if (now) {
      nowSeconds = Number(now[1]);
      utcOffsetMinutes = (now[2] === '-' ? -1 : 1) * (Number(now[3]) * 60 + Number(now[4]));
      continue;
    }
    const q = /^queue (\w+) (missing|unreadable \d+|\d+)$/.exec(line.trim());
    if (!q || !(QUEUE_NAMES as readonly string[]).includes(q[1]!)) continue;
    const queue = q[1] as QueueName;
    if (q[2] === 'missing') counts.push({ queue, files: null, problem: 'missing' });
    else if (q[2]!.startsWith('unreadable')) counts.push({ queue, files: null, problem: 'unreadable' });
    else counts.push({ queue, files: Number(q[2]) });
  }
  return { ...(nowSeconds !== undefined ? { nowSeconds, utcOffsetMinutes } : {}), counts };
}
