// queue/depth thresholds: `queue.<name>` in the site config (monitoring-plugins ranges), with defaults for
// this site, where a healthy queue is nearly empty: every host hands mail to the next one within seconds,
// nothing is put on hold by design, and the only external next hop is Exchange.
import type { CheckContext } from '../../../src/core/check.js';
import type { RangePair } from '../../../src/config/types.js';
import type { QueueName } from '../../../src/postfix/queue-types.js';
import { thresholds } from '../../../src/checkkit/thresholds.js';

export const QUEUE_DEFAULTS: Readonly<Record<QueueName, Required<RangePair>>> = {
  maildrop: { warn: '20', crit: '100' }, // pickup not running
  incoming: { warn: '100', crit: '500' }, // qmgr not taking mail in
  active: { warn: '200', crit: '1000' }, // delivery slower than arrival
  deferred: { warn: '50', crit: '200' }, // a next hop refusing or failing
  hold: { warn: '0', crit: '100' }, // only a human puts mail on hold here
  corrupt: { warn: '0', crit: '10' }, // unreadable queue files: always investigate
};

// Minutes the oldest message outside hold may wait (postfix gives up after 5 days).
export const OLDEST_DEFAULT: Required<RangePair> = { warn: '1440', crit: '4320' };

export function queueLimits(ctx: Pick<CheckContext, 'site'>, queue: QueueName): Required<RangePair> {
  return thresholds(ctx, `queue.${queue}`, QUEUE_DEFAULTS[queue]);
}

export function oldestLimits(ctx: Pick<CheckContext, 'site'>): Required<RangePair> {
  return thresholds(ctx, 'queue.oldestMinutes', OLDEST_DEFAULT);
}

// "50" -> "at most 50", "10:" -> "at least 10", for sentences.
export function expectation(range: string): string {
  const m = /^(@)?(~|-?\d+(?:\.\d+)?)?(:)?(-?\d+(?:\.\d+)?)?$/.exec(range.trim());
  if (!m || m[1]) return `within ${range}`;
  if (!m[3]) return `at most ${m[2]}`;
  if (m[4] === undefined) return `at least ${m[2]}`;
  return m[2] === '~' ? `at most ${m[4]}` : `between ${m[2] ?? 0} and ${m[4]}`;
}
