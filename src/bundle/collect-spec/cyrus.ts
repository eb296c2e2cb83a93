// cyrus-imapd: imapd.conf, cyrus.conf, DB_CONFIG, and the mailbox list as a summary (its size and how many
// Sent Items grant "anyone p"), never the list itself (every user's folders).
import { BIG_COMMAND, CONFIG, type ComponentSpec } from './types.js';
import { SBIN_DIRS } from './remote.js';

// ctl_mboxlist as the cyrus user only (as root it could leave root-owned database files behind; su's error
// stays on stderr), tab format up to 3.4 and JSON lines in 3.6 alike: counted by awk, which RHEL5 has.
export const MBOXLIST_AWK =
  '{ n++ } /Sent Items/ { s++; if ($0 ~ /anyone"?[\\t:] ?"?[a-z]*p/) p++ } ' +
  'END { printf "mailboxes %d\\nsent_items %d\\nsent_items_anyone_p %d\\n", n, s, p }';

const MBOXLIST_SUMMARY = [
  `for d in ${SBIN_DIRS.join(' ')}; do`,
  '  [ -x "$d/ctl_mboxlist" ] || continue',
  `  su -s /bin/sh cyrus -c "$d/ctl_mboxlist -d" | awk '${MBOXLIST_AWK}'`,
  '  exit 0',
  'done',
  'echo "ctl_mboxlist not found in the cyrus tool directories"; exit 127',
].join('\n');

export const CYRUS: ComponentSpec = {
  name: 'cyrus',
  title: 'cyrus-imapd',
  guard: { kind: 'anyPath', paths: ['/etc/imapd.conf', '/etc/cyrus.conf'] },
  items: [
    {
      kind: 'files',
      ...CONFIG,
      paths: [
        '/etc/imapd.conf',
        '/etc/cyrus.conf',
        '/etc/sysconfig/cyrus-imapd',
        '/etc/default/cyrus-imapd',
        '/var/lib/imap/db/DB_CONFIG',
        '/var/lib/cyrus/db/DB_CONFIG',
      ],
    },
    { kind: 'command', ...BIG_COMMAND, name: 'mailboxes-summary', argv: ['sh', '-c', MBOXLIST_SUMMARY] },
  ],
};
