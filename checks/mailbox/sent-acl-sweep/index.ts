// mailbox/sent-acl-sweep: every user's Sent Items on the archive server, from `ctl_mboxlist -d`, and setpostacl's cron job.
import type { Check, CheckContext } from '../../../src/core/check.js';
import { crit, ok, unknown } from '../../../src/core/result.js';
import { grants } from '../../../src/cyrus/acl.js';
import { parseMboxlist, sentItemsAcls } from '../../../src/cyrus/mboxlist.js';
import { pathExists } from '../../../src/facts/read-text.js';
import { SBIN_DIRS, commandMissing } from '../../../src/facts/sbin.js';
import type { ExecResult } from '../../../src/transport/types.js';
import { ARCHIVE_CONSEQUENCE, OX_CRON, SENT_ITEMS, SETPOSTACL } from '../../../src/ox/setpostacl.js';
import { setpostaclCronSays } from './setpostacl-cron.js';

const NAMED = 10; // users named in the summary; evidence lists them all

export const sentAclSweepCheck: Check = {
  id: 'mailbox/sent-acl-sweep',
  title: 'Sent Items ACL of every user',
  roles: ['archive'],
  proves:
    'every user\'s Sent Items in the mailbox list (ctl_mboxlist -d) grants "anyone p", and /etc/cron.d/ox runs setpostacl',
  catches: [
    'a user\'s Sent Items lacks "anyone p" (cyrus 3.x mailbox list): archive copies land in INBOX',
    'a user\'s Sent Items lacks "anyone p" (cyrus 2.3 mailbox list)',
    "setpostacl's cron line commented out while every ACL still holds: new users will lack it",
    'no crontab runs setpostacl at all (/etc/cron.d/ox missing)',
    'ctl_mboxlist fails: the mailbox list cannot be read (UNKNOWN, quoting its error)',
    'ctl_mboxlist in none of the cyrus tool directories (UNKNOWN, naming where it looked)',
  ],
  misses: [
    'a user with no Sent Items folder at all (not in the list; mailbox/folders for the test user)',
    'crond stopped or setpostacl failing while the ACLs still hold (last run shown, not judged; cron/ox-jobs)',
    'a Sent folder under another name than "Sent Items" (not looked for; ctl_mboxlist -d | grep -i sent)',
    'ACLs right but copies not filed there (postfix/archive-copy on server B; its maillog)',
  ],
  timeoutMs: 60_000,
  async run(ctx) {
    const cronSays = await setpostaclCronSays(ctx);
    const cronLine = cronSays.scheduled;
    const dump = await dumpMboxlist(ctx);
    if (!dump || dump.code !== 0) {
      const why = !dump
        ? 'ctl_mboxlist not found'
        : `ctl_mboxlist -d exited ${dump.code}: ${dump.stderr.trim().split('\n')[0] ?? ''}`;
      return unknown(`cannot read the mailbox list on ${ctx.host.name} (${why}); ${cronSays.text}`, {
        hint: `run ctl_mboxlist -d as the cyrus user (it lives in one of ${SBIN_DIRS.join(', ')})`,
      });
    }
    const { format, entries } = parseMboxlist(dump.stdout);
    const sent = sentItemsAcls(entries, SENT_ITEMS);
    const lacking = sent.filter((s) => !grants(s.acl, 'anyone', 'p')).map((s) => s.user);
    const metrics = [
      { label: 'sent_items', value: sent.length, min: 0 },
      { label: 'sent_items_without_post', value: lacking.length, crit: '0', min: 0 },
    ];
    if (lacking.length > 0) ctx.record(`users whose ${SENT_ITEMS} lacks anyone p`, lacking.join('\n'));
    const fix = cronLine
      ? `run ${SETPOSTACL} on ${ctx.host.name} now and find out why its cron job did not (grep setpostacl in the cron log)`
      : `run ${SETPOSTACL} on ${ctx.host.name} and restore its line in ${OX_CRON} (seed: */5 * * * * root ${SETPOSTACL})`;
    if (sent.length === 0) {
      return unknown(
        `the mailbox list (${format} dump, ${entries.length} mailboxes) has no user ${SENT_ITEMS} folder; ${cronSays.text}`,
        { metrics },
      );
    }
    if (lacking.length > 0) {
      const named =
        lacking.slice(0, NAMED).join(', ') + (lacking.length > NAMED ? `, and ${lacking.length - NAMED} more` : '');
      return crit(
        `${lacking.length} of ${sent.length} users' ${SENT_ITEMS} lack "anyone p" (${named}): ${ARCHIVE_CONSEQUENCE}; ${cronSays.text}`,
        { hint: fix, metrics },
      );
    }
    if (!cronLine) {
      return crit(
        `all ${sent.length} ${SENT_ITEMS} grant "anyone p" today, but ${cronSays.text}: new users' Sent Items will not get it`,
        { hint: fix, metrics },
      );
    }
    return ok(`all ${sent.length} users' ${SENT_ITEMS} grant "anyone p" (${format} dump); ${cronSays.text}`, {
      metrics,
    });
  },
};

// ctl_mboxlist as the cyrus user (runuser needs root; without it, as whoever we are), from the first
// cyrus tool directory that has it. Run as root it could leave root-owned database files behind.
async function dumpMboxlist(ctx: CheckContext): Promise<ExecResult | null> {
  const options = { maxOutputBytes: 256 * 1024 * 1024, timeoutMs: 50_000 };
  for (const dir of SBIN_DIRS) {
    const bin = `${dir}/ctl_mboxlist`;
    if (!(await pathExists(ctx.transport, bin))) continue;
    const asCyrus = await ctx.exec(['runuser', '-u', 'cyrus', '--', bin, '-d'], options);
    if (
      asCyrus.code === 0 ||
      !(commandMissing(asCyrus) || /may not be used|not permitted|authentication/i.test(asCyrus.stderr))
    )
      return asCyrus;
    return ctx.exec([bin, '-d'], options);
  }
  return null;
}
