// user/queue: the user's messages (to or from any of its addresses) in each postfix host's queue, with what
// holds them. Reads the same queue fact as queue/depth: one listing per host per sweep.
import { diagnose } from '../../../checks/queue/depth/cause.js';
import { nameHop } from '../../../checks/queue/depth/next-hop.js';
import type { Check } from '../../core/check.js';
import { crit, unknown } from '../../core/result.js';
import { queueFacts } from '../../facts/queue.js';
import { postfixConfigured } from '../../facts/requirements.js';
import type { UserTarget } from '../target.js';
import { contentFilters } from '../activity/filter-hops.js';
import { filteredQueue } from '../activity/queue-filtered.js';
import { groupQueued } from '../activity/queue-groups.js';
import { userQueued } from '../activity/queue-match.js';
import { queueVerdict } from '../activity/queue-verdict.js';
import { addressOwner } from '../activity/user-address.js';

export function queueProbe(target: UserTarget): Check {
  return {
    id: 'user/queue',
    title: `Queued mail of ${target.login}`,
    roles: ['relay', 'groupware'],
    proves:
      `no message to or from ${target.login}'s addresses waits in a postfix queue; what waits is named with its ` +
      'queue, age, queue ids and delay reason (the next hop, the content filter), and the fix',
    catches: [
      'the content filter (amavis) down: the user\'s mail deferred on the relay, "Connection refused" at :10024',
      "a next hop down or refusing: the user's mail deferred, the hop named (Exchange, server A, server B)",
      'a message of the user on hold, or stuck in active/incoming past a minute',
    ],
    misses: [
      'mail that bounced or was delivered: not in a queue any more (user/activity reads the maillog)',
      'a queue past 20,000 messages is listed a second time, cut on the host (grep -F, awk for -p); when that fails, ' +
        'only the first 20,000 are searched (said as UNKNOWN)',
      'a stopped postfix with nothing of the user queued: OK here (service/smtp, queue/depth name it)',
    ],
    timeoutMs: 30_000,
    requires: [postfixConfigured],
    async run(ctx) {
      const host = ctx.host.name;
      const [q, filters] = await Promise.all([queueFacts(ctx), contentFilters(ctx)]);
      if (!q.listing) {
        const why = `${host}: cannot list the queue to look for ${target.login}'s mail: ${q.failure ?? 'no listing'}`;
        if (q.mailSystemDown)
          return crit(
            `${host}: the postfix master is not running, so no mail of ${target.login} moves (${q.failure})`,
            {
              hint: `start postfix on ${host} (postfix start), then check the maillog for why it stopped`,
            },
          );
        return unknown(why, { hint: 'oxdoctor needs root (or the mail_owner) on this host to read the queue' });
      }
      // past the kept bound: the listing again, cut on the host to the messages naming the user
      const overflow = (q.kept?.dropped ?? 0) > 0;
      const filtered = overflow ? await filteredQueue(ctx, q, [...target.addresses, target.login]) : undefined;
      const searched = filtered && !filtered.failure ? filtered.messages : (q.kept?.messages ?? []);
      const items = userQueued(searched, addressOwner(target), q.nowSeconds);
      return queueVerdict({
        host,
        login: target.login,
        addressCount: target.addresses.length,
        groups: groupQueued(items),
        listed: q.listing.summary.messages,
        dropped: filtered && !filtered.failure ? 0 : (q.kept?.dropped ?? 0),
        command: `${q.command.join(' ')}${filtered && !filtered.failure ? ", cut on the host to the user's messages" : ''}`,
        filters,
        nameHop: (hop) => nameHop(ctx, hop),
        fixOf: (g, hop) =>
          diagnose(
            {
              nextHop: g.nextHop,
              reason: g.reason,
              messages: g.messages.length,
              recipients: 0,
              example: g.example ?? '',
            },
            hop,
            host,
          ).hint,
      });
    },
  };
}
