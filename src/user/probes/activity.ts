// user/activity: what each mail host's live logs say about the user: the last deliveries to it, its last logins,
// and failed logins in the last hour (through src/logs: the host's own syslog sources, grep -F on the host).
import type { Check } from '../../core/check.js';
import { messageOf } from '../../core/errors.js';
import { unknown } from '../../core/result.js';
import { thresholds } from '../../checkkit/thresholds.js';
import { activityVerdict, FAILED_LOGINS_DEFAULT } from '../activity/activity-verdict.js';
import { readUserLogs } from '../activity/log-read.js';
import { TAIL_BYTES } from '../activity/log-window.js';
import { withoutOwnLogins } from '../activity/own-sweep.js';
import type { UserTarget } from '../target.js';

export function activityProbe(target: UserTarget): Check {
  return {
    id: 'user/activity',
    title: `Log activity of ${target.login}`,
    roles: ['relay', 'groupware'],
    proves:
      `each mail host's live logs name ${target.login}'s last delivery (cyrus LMTP, postfix status=sent to its ` +
      'addresses) and last login (imap, pop3, sieve, SMTP AUTH) with their times, and at most user.failedLoginsHour ' +
      '(4) failed logins in the last hour (cyrus badlogin, smtpd SASL failures and saslauthd paired into attempts)',
    catches: [
      'a client retrying a wrong or old password: 5 or more failed logins of the user in the last hour, WARN ' +
        '(user.failedLoginsHour, 4/49)',
      'mail not arriving: the time of the last delivery (and none in the window) is in the summary',
    ],
    misses: [
      `lines older than the live file or before its last ${TAIL_BYTES / 1024 / 1024} MB (rotated logs: oxdoctor logs --user)`,
      'a failed login that names no user (cyrus 3 badlogin "(-notset-)" for a failed GSSAPI exchange)',
      "OX and Apache logins (the groupware's own logs)",
      "logins in the 5 s before the probe started and during it: taken for the sweep's own and left out",
    ],
    timeoutMs: 20_000,
    async run(ctx) {
      const started = Date.now();
      try {
        const read = withoutOwnLogins(await readUserLogs(ctx, target), started);
        const limits = thresholds(ctx, 'user.failedLoginsHour', FAILED_LOGINS_DEFAULT);
        return activityVerdict(ctx.host.name, target.login, read, Date.now(), limits);
      } catch (err) {
        return unknown(`${ctx.host.name}: cannot read the logs for ${target.login}: ${messageOf(err)}`, {
          hint: 'oxdoctor needs root on this host to read /var/log; see `oxdoctor logs --list`',
        });
      }
    },
  };
}
