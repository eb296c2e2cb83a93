// Help that answers the questions people have at 3 a.m.: what to type, what the exit code means,
// where the config comes from.
export const ROOT_HELP_AFTER = `
Examples:
  oxdoctor                                   dashboard on a terminal; otherwise the same as 'oxdoctor check'
  oxdoctor check --only-problems             every check on every host, only what is not OK
  oxdoctor check --host servera --check service
                                             the service checks of one host
  oxdoctor check --check host/ssh            can oxdoctor reach and log in to every host?
  oxdoctor check --format nagios             one status line with perfdata, for Nagios/Icinga
  oxdoctor check --format prometheus > /var/lib/node_exporter/oxdoctor.prom.tmp &&
    mv /var/lib/node_exporter/oxdoctor.prom.tmp /var/lib/node_exporter/oxdoctor.prom
  oxdoctor checks                            every check and what it proves
  oxdoctor config show                       the configuration in effect, secrets masked

Exit status (monitoring-plugins convention):
  0 OK   1 WARNING   2 CRITICAL   3 UNKNOWN, or a usage or configuration error

Configuration: the first of --config FILE, $OXDOCTOR_CONFIG, ~/.config/oxdoctor/config.yaml,
/etc/oxdoctor/config.yaml. Without one, oxdoctor checks the machine it runs on and discovers
its roles and endpoints from the system's own files (postfix, cyrus, krb5.conf, OX).

Dashboard (oxdoctor on a terminal; ? inside lists the keys): it takes the options of 'check' and
  --refresh <seconds>   sweep again this long after the last sweep (default: the config's refreshSeconds)
  --nice <n>            its own thread's nice value, default -10 where allowed (root), so the screen
                        answers keys on a loaded server, as atop does; commands it starts keep the
                        priority oxdoctor started with. --nice 0 keeps the normal priority; a
                        positive value lowers it, its commands' too (anyone may).

Environment: NO_COLOR turns colour off; with CI set or stdout not a terminal there is no dashboard.
`;

export const CHECK_HELP_AFTER = `
--check takes a check id (service/smtp) or a group (service); both options repeat and take
comma-separated lists. 'oxdoctor checks' lists the ids.

Formats:
  text        one line per check, problems last with a hint below each, then the totals
  json        one document, {"version": 1, ..., "results": [...]}; stable for scripts
  nagios      'OXDOCTOR <STATUS> - counts | perfdata', then one line per problem
  prometheus  node_exporter textfile format (oxdoctor_check_status{check,host} 0..3, ...)

Each check has a deadline (its own, else defaults.timeoutMs of the config; --timeout overrides
both). A check that misses it is CRITICAL ("no answer within ..."). When a host cannot be
reached, its other checks are UNKNOWN "not run" and host/ssh says why.

Exit status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (the worst result wins; CRITICAL beats UNKNOWN).
`;

export const LOGS_HELP_AFTER = `
Without -f, past lines are searched, from --since (default 1h ago) to --until (default now): rotated and
.gz files included, cut on each host by grep -F before they cross SSH, printed in time order across hosts.
With -f, new lines of every selected host as one stream in time order (each host's files polled every
100 ms, a 150 ms reorder window).

--since and --until take an age (90s, 30m, 2h, 2d, 1w: that long ago) or a date in this machine's time
zone (2026-12-07, '2026-12-07 03:15', 03:15 for today; 2026-12-07T03:15Z for UTC).

Filters: --queue-id and --user select the lines about any of them; --grep (a JavaScript regular expression;
-i ignores case) and --level narrow that further. --user takes a login or an address: AD adds the user's mail
and proxyAddresses, then the archive copy's (LOCAL@serverb.example.com) and the Sent Items copy's
(LOGIN+Sent Items@...) forms; it also takes every line of the queue ids the user's lines name. Without AD,
the forms of what was typed. --source takes a name that --list shows (maillog, messages, ox, ox-admin,
oxldapsync, apache-error, ...); 'ox' selects every OX log.

Output: HOST SOURCE TIME MESSAGE, the time in this machine's zone with the host's clock offset taken off
(stderr names each host whose clock is off by a second or more; its lines carry a ~ after the time).
--format json prints one object per line: host, source, time (ISO, UTC), program, pid, queueId, level,
kind, fields, raw, clockOffsetMs.

Examples:
  oxdoctor logs --list                         every host's log sources and files, size and age
  oxdoctor logs --queue-id 4ABC123DEF --since 1d
  oxdoctor logs --user test1001 --since 2d     everything about one user's mail
  oxdoctor logs --grep 'status=(deferred|bounced)' --since '2026-12-07 00:00' --until '2026-12-07 06:00'
  oxdoctor logs -f --host relay --source maillog
  oxdoctor logs -f --level error --format json

Exit status: 0 lines found, or -f ended by Ctrl-C; 1 no line matched, or a host could not be read
(named on stderr); 3 a usage or configuration error, or no host could be read.
`;

export const TRACE_HELP_AFTER = `
It takes a postfix queue id (4ABC123DEF, or the long form), a Message-ID in angle brackets ('<id@host>',
quoted for the shell) or after --message-id, or an address: then the recent messages to and from it,
newest first.

Every selected host's syslog files (rotated and .gz included) are searched since --since (default 1d; an
age such as 90s, 30m, 2h, 2d, 1w or a date, as in 'oxdoctor logs --help'); the ids the lines name (queued
as, the Message-ID across procmail's re-injection) are then followed to the next host, for a few rounds.

Output: per message, a hop table (host, time, queue id, step, status, delay, time since the previous hop)
and each recipient's end: delivered (to which mailbox), deferred (why), bounced, rejected, still queued, or
lost (no line on the next host after the hand-off). --format json prints one document
{"version": 1, "query", "messages", "exitCode"}.

Examples:
  oxdoctor trace 4ABC123DEF
  oxdoctor trace '<20261207031530.ABC@mail.example.com>'
  oxdoctor trace test1001@example.com --since 2d

Exit status: 0 delivered everywhere, 1 deferred or still queued, 2 bounced, rejected or lost,
3 not found, or a usage or configuration error.
`;

export const USER_HELP_AFTER = `
Who the user is in AD (by login, UPN, mail or any smtp: proxy address), then everything on the user's path,
on every selected host, in one sweep: the relay's maps and amavis/clamd for each of the user's addresses and
the hand-off to server A or Exchange (checked at the receiving end too), the archive copy to server B, server
A's delivery and sender BCC, server B's copyfix to Sent Items, Kerberos (what the KDC says before
pre-authentication), the mailbox on A and B read as the configured imapAdmin (quota, folders, the Sent Items
ACL, the newest message, the active sieve script), the OX record against AD and the sync that covers the
user, mail waiting in any queue, the last deliveries and logins, failed logins in the last hour.

Output: the verdict first, one sentence per problem in the order mail and logins travel, each with its fix;
then the path, one line per hop. --verbose adds every check, step and evidence of each hop.
--format json prints one document {"version": 1, "command": "user", "verdict", "hops", "send", ...}.

--password-stdin reads the user's password from the first line of stdin (or asks, without echo, on a
terminal): then a real kinit from each groupware host and real IMAP (PLAIN and GSSAPI) and ManageSieve
logins run too. The password never appears in argv, output or evidence.

--send is the only thing in oxdoctor that writes: it submits one marked test message (header X-Oxdoctor-Test,
a unique Message-ID) to the relay's port 25 as Exchange would, and with --password-stdin one more as the user
on server A's port 25 (SMTP AUTH), follows each copy through the logs and IMAP (INBOX on A, the archive on B,
Sent Items on B), reports the time of each hop and where a copy stopped, then deletes the test messages from
the mailboxes (keep them with --keep).

Examples:
  oxdoctor user test1001
  oxdoctor user anna.schmidt@example.com --verbose
  echo "$PW" | oxdoctor user test1001 --password-stdin --send

Exit status: 0 OK, 1 WARNING, 2 CRITICAL (the verdict names each problem), 3 UNKNOWN (not found in AD, two
entries match, AD unreachable, or a usage or configuration error).
`;

export const BUNDLE_HELP_AFTER = `
A support archive to send to a vendor: from every selected host at once, into one .tar.gz (mode 0600) laid
out as <bundle>/<host>/<component>/...: postfix (main.cf, master.cf, every map they name, postconf -n/-M, the
queue and qshape), amavis and clamav, cyrus (imapd.conf, cyrus.conf, DB_CONFIG, a mailbox list summary),
SASL and PAM, Kerberos (krb5.conf; keytabs' principals and kvnos only), the LDAP client, OX (properties, a
listuser summary), oxldapsync, Apache, cron, syslog, system facts, and the logs within --since/--until
(rotated and gzip'd ones too, each capped at its newest 50 MiB and marked when cut); oxdoctor's own sweep as
oxdoctor/check.json, README.txt naming the problems it found, manifest.json (every item: host, component,
path or argv, exit code, times, size, sha256, truncated, timed out, redactions by line and rule, errors).

Nothing is written on any host. Every secret of the config, and every secret field of each format
(bind_pw, *_password, -P arguments, BINDPW, Authorization:, AUTH PLAIN ...), is replaced by ********;
keytabs, private keys, sasldb2, sasl_passwd and shadow are listed by metadata only. --obfuscate replaces
host names, domains, addresses and user names too, and writes the mapping beside the archive (never in it).

Examples:
  oxdoctor bundle
  oxdoctor bundle --host relay --since 2d --obfuscate
  oxdoctor bundle --since '2026-12-07 03:00' --until '2026-12-07 05:00' --output /var/tmp/case123.tar.gz
  oxdoctor bundle --dry-run

Exit status: 0 complete, 1 partial (a host not reached or lost, an item failed or timed out, or --max-size
reached: manifest.json says which), 3 a usage or configuration error.
`;
