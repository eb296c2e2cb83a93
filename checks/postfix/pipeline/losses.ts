// What the maillog says became of mail the pipe took: lost (logged sent, never back in postfix), deferred
// by the pipe, or fine. A loss that goes on is the first thing the check says.
import type { Step } from '../../../src/core/result.js';
import { formatWallTime } from '../../../src/core/time-text.js';
import type { PipeFate, PipeLogDump } from '../../../src/postfix/pipe-log.js';

export const LOSS_STEP = 'mail lost';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function lossStep(fate: PipeFate, dump: PipeLogDump, cause: string | undefined, host: string): Step {
  const name = LOSS_STEP;
  const from = dump.fromWallMs !== undefined ? ` since ${formatWallTime(dump.fromWallMs)}` : '';
  if (dump.logPath === null) {
    return { name, status: 'ok', summary: `no maillog found (${'/var/log/maillog'} or mail.log): losses not counted` };
  }
  const lost = fate.lost;
  const errors = dump.submitterErrors.length > 0 ? ` (log: ${dump.submitterErrors.at(-1)!.trim()})` : '';
  if (lost.length > 0) {
    const first = formatWallTime(lost[0]!.wallMs);
    const last = formatWallTime(lost.at(-1)!.wallMs);
    const ids = lost
      .slice(-5)
      .map((d) => d.queueId)
      .join(', ');
    const why = cause ? `: ${cause}` : errors;
    if (fate.ongoing) {
      return {
        name,
        status: 'crit',
        summary:
          `mail is being lost: ${plural(lost.length, 'message')} since ${first} passed the ` +
          `${fate.relay} pipe (status=sent) and never came back into postfix (last ${last}, queue ids ` +
          `${ids})${why}`,
        hint:
          `fix the re-injection first (below), then recover the lost messages from the senders or the ` +
          `archive: their queue ids and recipients are in ${dump.logPath} on ${host} (grep the ids ` +
          `above)`,
      };
    }
  }
  const past = pastLosses(fate);
  if (fate.deferred.length > 0) {
    const d = fate.deferred.at(-1)!;
    return {
      name,
      status: 'warn',
      summary:
        `${plural(fate.deferred.length, 'message')} deferred by the ${fate.relay} pipe, the newest at ` +
        `${formatWallTime(d.wallMs)}: ${d.detail || d.status}${past}`,
      hint: `fix what the pipe reports, then \`postqueue -f\` on ${host} retries them`,
    };
  }
  const counted = `${plural(fate.delivered, 'message')} through the ${fate.relay} pipe${from}`;
  const judged =
    fate.unjudged + fate.pending > 0 ? `, ${fate.unjudged + fate.pending} not judged yet or before the log read` : '';
  if (past !== '') return { name, status: 'ok', summary: `the ${fate.relay} pipe works again${past}` };
  return {
    name,
    status: 'ok',
    summary: `no mail lost: ${counted}, ${fate.reinjected} came back into postfix${judged}`,
  };
}

// Losses that stopped (newer mail came back): said, not alarmed on; the hand-back works again.
function pastLosses(fate: PipeFate): string {
  const lost = fate.lost;
  if (lost.length === 0) return '';
  const ids = lost
    .slice(-5)
    .map((d) => d.queueId)
    .join(', ');
  const first = formatWallTime(lost[0]!.wallMs);
  const last = formatWallTime(lost.at(-1)!.wallMs);
  const when = first === last ? `at ${first}` : `between ${first} and ${last}`;
  return `; earlier, ${plural(lost.length, 'message was', 'messages were')} lost ${when} (queue ids ${ids})`;
}
