// mailbox/sent-acl-sweep on a host tree: `ctl_mboxlist -d` of a real cyrus 3.6 and real dump lines of
// cyrus 2.3 (tab-separated) and 3.x (JSON), with the lab's /etc/cron.d/ox and a RHEL cron log.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sentAclSweepCheck } from '../../../checks/mailbox/sent-acl-sweep/index.js';
import { makeContext } from '../../helpers/context.js';
import { fixtureTree, type FixtureTree } from '../../facts/fixture-hosts.js';
import { HostTreeTransport } from './host-tree.js';
import { startMailboxCyrus, type MailboxCyrus } from './mailbox-cyrus.js';

// The lab's groupware crontab: setpostacl every 5 minutes, among OX's other jobs.
const OX_CRON = readFileSync(
  fileURLToPath(new URL('../../lab/hosts/groupware/files/etc/cron.d/ox', import.meta.url)),
  'utf8',
).replace(/@FQDN@/g, 'serverb.example.com');
const COMMENTED_CRON = OX_CRON.replace(/^(\*\/5 .*setpostacl.*)$/m, '#$1');
const CRON_LOG = [
  'Nov 25 14:25:01 serverb crond[2207]: (root) CMD (/opt/open-xchange/sbin/copyjunkfilter > /dev/null 2>&1)',
  'Nov 25 14:30:01 serverb crond[2211]: (root) CMD (/opt/open-xchange/sbin/setpostacl > /dev/null 2>&1)',
  '',
].join('\n');

// cyrus 2.3: "name<TAB>mbtype partition<TAB>id<TAB>rights<TAB>..." per mailbox.
const LEGACY_GRANTS = [
  'user.test1001\t0 default\ttest1001\tlrswipkxtecda\t',
  'user.test1001.Sent Items\t0 default\ttest1001\tlrswipkxtecda\tanyone\tp\t',
  'user.test1002\t0 default\ttest1002\tlrswipkxtecda\t',
  'user.test1002.Sent Items\t0 default\ttest1002\tlrswipkxtecda\tanyone\tp\t',
  '',
].join('\n');
const LEGACY_LACKS = LEGACY_GRANTS.replace('test1002\tlrswipkxtecda\tanyone\tp\t', 'test1002\tlrswipkxtecda\t');
const LEGACY_NO_SENT =
  'user.test1001\t0 default\ttest1001\tlrswipkxtecda\t\nuser.test1001.Drafts\t0 default\ttest1001\tlrswipkxtecda\t\n';

// cyrus 3.x: one JSON object per mailbox line, as setpostacl's perl edit leaves them.
const JSON_GRANTS = [
  '{',
  '"user.test1001.Sent Items": {"name": "user.test1001.Sent Items", ' +
    '"mtime": "1796592714", "uidvalidity": "1796592715", ' +
    '"mbtype": "e", "partition": "default", "acl": {"anyone": "p", "test1001": "lrswipkxtecdan"}, ' +
    '"uniqueid": "derdglkt4p7araq5rjmvm70r", "name_history": []},',
  '"user.first^last.Sent Items": {"name": "user.first^last.Sent Items", ' +
    '"mtime": "1796592714", "uidvalidity": "1796592715", ' +
    '"mbtype": "e", "partition": "default", "acl": {"anyone": "p", "first.last": "lrswipkxtecdan"}, ' +
    '"uniqueid": "da7lkjby7fzs1ybtxy376ouq", "name_history": []}',
  '}',
  '',
].join('\n');

const CTL = '/usr/lib/cyrus/bin/ctl_mboxlist';
const trees: FixtureTree[] = [];
afterEach(() => trees.splice(0).forEach((t) => t.remove()));

// A host with cron.d/ox (unless null), the cron log, and a ctl_mboxlist that prints `dump` (or runs `script`).
function host(options: { cron?: string | null; dump?: string; script?: string }) {
  const tree = fixtureTree(options.cron === null ? {} : { '/etc/cron.d/ox': options.cron ?? OX_CRON });
  trees.push(tree);
  tree.write('/var/log/cron', CRON_LOG);
  if (options.dump !== undefined) {
    tree.write('/var/lib/imap/mailboxes.dump', options.dump);
    tree.write(CTL, `#!/bin/sh\nexec /bin/cat ${tree.root}/var/lib/imap/mailboxes.dump\n`, 0o755);
  }
  if (options.script !== undefined) tree.write(CTL, `#!/bin/sh\n${options.script}\n`, 0o755);
  const ctx = makeContext({ transport: new HostTreeTransport(tree.root, 'testhost') });
  return sentAclSweepCheck.run(ctx).then((outcome) => ({ outcome, ctx }));
}

const metric = (outcome: { metrics?: readonly { label: string; value: number }[] }, label: string) =>
  outcome.metrics?.find((m) => m.label === label)?.value;

const CRON_SAYS = /\/etc\/cron\.d\/ox runs setpostacl \(\*\/5 \* \* \* \*\), last ran \d{4}-11-25 14:30 \(.+ ago\)$/;

describe('mailbox/sent-acl-sweep with the dump of a real cyrus 3.6', () => {
  let box: MailboxCyrus;
  beforeAll(async () => {
    box = await startMailboxCyrus();
  }, 60_000);
  afterAll(() => box?.stop());

  it('is CRIT naming the user whose Sent Items lacks anyone p, with the consequence and the cron line', async () => {
    // The tree's ctl_mboxlist is the real one, as the cyrus user, on the test's own cyrus.
    const conf = join(box.cyrus.dir, 'imapd.conf');
    const { outcome } = await host({ script: `exec /usr/sbin/runuser -u cyrus -- ${CTL} -C ${conf} "$@"` });
    expect(outcome.status).toBe('crit');
    // catches: a user's Sent Items lacks "anyone p" (cyrus 3.x mailbox list): archive copies land in INBOX
    expect(outcome.summary).toMatch(
      /^1 of 2 users' Sent Items lack "anyone p" \(test1002\): archive copies .* land in INBOX instead; /,
    );
    expect(outcome.summary).toMatch(CRON_SAYS);
    expect(outcome.hint).toMatch(
      /^run \/opt\/open-xchange\/sbin\/setpostacl on testhost now and find out why its cron job did not/,
    );
    expect(metric(outcome, 'sent_items')).toBe(2);
    expect(metric(outcome, 'sent_items_without_post')).toBe(1);
  });

  it('is UNKNOWN when ctl_mboxlist fails, quoting its error', async () => {
    const { outcome } = await host({
      script: `exec /usr/sbin/runuser -u cyrus -- ${CTL} -C /nonexistent/imapd.conf "$@"`,
    });
    expect(outcome.status).toBe('unknown');
    // catches: ctl_mboxlist fails: the mailbox list cannot be read (UNKNOWN, quoting its error)
    expect(outcome.summary).toMatch(
      /^cannot read the mailbox list on testhost \(ctl_mboxlist -d exited [1-9]\d*: .+\); /,
    );
    expect(outcome.hint).toMatch(/^run ctl_mboxlist -d as the cyrus user/);
  });
});

describe('mailbox/sent-acl-sweep with cyrus 2.3 and 3.x dump lines', () => {
  it('is OK when every Sent Items of a cyrus 2.3 dump grants anyone p and cron runs setpostacl', async () => {
    const { outcome } = await host({ dump: LEGACY_GRANTS });
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toMatch(/^all 2 users' Sent Items grant "anyone p" \(legacy dump\); /);
    expect(outcome.summary).toMatch(CRON_SAYS);
    expect(metric(outcome, 'sent_items_without_post')).toBe(0);
  });

  it('is OK for a cyrus 3.x JSON dump, user names with a dot included', async () => {
    const { outcome } = await host({ dump: JSON_GRANTS });
    expect(outcome.status).toBe('ok');
    expect(outcome.summary).toMatch(/^all 2 users' Sent Items grant "anyone p" \(json dump\); /);
  });

  it('is CRIT naming the user of a 2.3 dump whose Sent Items lacks anyone p, and records every such user', async () => {
    const { outcome, ctx } = await host({ dump: LEGACY_LACKS });
    expect(outcome.status).toBe('crit');
    // catches: a user's Sent Items lacks "anyone p" (cyrus 2.3 mailbox list)
    expect(outcome.summary).toMatch(/^1 of 2 users' Sent Items lack "anyone p" \(test1002\): /);
    expect(ctx.evidence.find((e) => e.label === 'users whose Sent Items lacks anyone p')?.text).toBe('test1002');
  });

  it('is CRIT when all Sent Items grant anyone p today but the setpostacl line is commented out', async () => {
    const { outcome } = await host({ dump: LEGACY_GRANTS, cron: COMMENTED_CRON });
    expect(outcome.status).toBe('crit');
    // catches: setpostacl's cron line commented out while every ACL still holds: new users will lack it
    expect(outcome.summary).toMatch(
      /^all 2 Sent Items grant "anyone p" today, but \/etc\/cron\.d\/ox has no setpostacl line \(line 5 is /,
    );
    expect(outcome.summary).toContain('(line 5 is commented out), last ran');
    expect(outcome.summary).toMatch(/: new users' Sent Items will not get it$/);
    expect(outcome.hint).toBe(
      'run /opt/open-xchange/sbin/setpostacl on testhost and restore its line in /etc/cron.d/ox ' +
        '(seed: */5 * * * * root /opt/open-xchange/sbin/setpostacl)',
    );
  });

  it('is CRIT naming the missing cron line when there is no /etc/cron.d/ox and a Sent Items lacks it', async () => {
    const { outcome } = await host({ dump: LEGACY_LACKS, cron: null });
    expect(outcome.status).toBe('crit');
    // catches: no crontab runs setpostacl at all (/etc/cron.d/ox missing)
    expect(outcome.summary).toContain('/etc/cron.d/ox has no setpostacl line (nor does any other crontab)');
    expect(outcome.hint).toMatch(/restore its line in \/etc\/cron\.d\/ox/);
  });

  it('is UNKNOWN when the mailbox list has no user Sent Items folder', async () => {
    const { outcome } = await host({ dump: LEGACY_NO_SENT });
    expect(outcome.status).toBe('unknown');
    expect(outcome.summary).toMatch(/^the mailbox list \(legacy dump, 2 mailboxes\) has no user Sent Items folder; /);
  });

  it('is UNKNOWN when no cyrus tool directory has ctl_mboxlist', async () => {
    const { outcome } = await host({});
    expect(outcome.status).toBe('unknown');
    // catches: ctl_mboxlist in none of the cyrus tool directories (UNKNOWN, naming where it looked)
    expect(outcome.summary).toMatch(/^cannot read the mailbox list on testhost \(ctl_mboxlist not found\); /);
    expect(outcome.hint).toContain('/usr/sbin, /sbin, /usr/lib/cyrus/bin');
  });
});
