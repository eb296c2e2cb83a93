// The message part of Cyrus IMAP lines (imap/imapd/imaps/pop3, lmtpunix/lmtpd, timsieved/sieve, master,
// ctl_cyrusdb, notify), 2.2 to 3.x: logins and failed logins, deliveries and duplicate suppression, the
// master's process lifecycle, and the IOERROR / DBERROR / fatal lines that mean the store is in trouble.
import type { LogLevel, ParsedMessage } from './types.js';

// Cyrus's syslog programs: the service name of cyrus.conf ("imap", "lmtpunix", "sieve"), the daemon's own
// ("imapd", "timsieved"), either behind a syslog_prefix ("cyrus/imap", FastMail's "sloti30t15/imap"); never postfix's.
const CYRUS_NAMES = [
  'imaps?d?',
  'pop3s?d?',
  'lmtpunix',
  'lmtpd?',
  'timsieved',
  'sieve',
  'master',
  'ctl_cyrusdb',
  'ctl_mboxlist',
  'cyr_expire',
  'tls_prune',
  'squatter',
  'idled',
  'notifyd?',
  'deliver',
  'reconstruct',
  'ipurge',
];
export const CYRUS_PROGRAM = new RegExp(String.raw`^(?!postfix)(?:.*\/)?(?:${CYRUS_NAMES.join('|')})$`);

// "login: host [ip] user mech User logged in [SESSIONID=<..>]"; host may be empty, "host[ip]" without a space.
const LOGIN = /^login: (\S*?) ?\[([^\]]*)\] (\S+) (\S+) (.*?)(?: SESSIONID=<([^>]*)>)?$/;
// "badlogin: host [ip] mech [reason]", "... mech user SASL(-13): reason", timsieved "... mech reason".
const BADLOGIN = /^badlogin: (\S*?) ?\[([^\]]*)\] (\S+) (.*)$/;
// A mailbox name may hold spaces ("user.test1001.Sent Items"): the rest of the line is the name.
const DELIVERED = /^Delivered: <([^>]*)> to mailbox: (.+?)\s*$/;
const DUPLICATE = /^duplicate_(check|mark): <([^>]*)>\s+(\S+)/;
const DUPELIM = /^dupelim: eliminated duplicate message to (\S+) id <([^>]*)>/;
const EXITED = /^process (\d+) exited, (status|signaled to death by) (\d+)/;
const OPEN = /^open: user (\S+) opened (.*)$/;
// Cyrus 2.4+ with auditlog: yes: "auditlog: append sessionid=<..> mailbox=<user.bob> uid=<3> ... messageid=<..>".
const AUDITLOG = /^auditlog: (\S+) (.*)$/;

// Lines that say nothing oxdoctor decides on, known so that they do not count as unknown.
const NOTES = [
  'SSL_accept',
  'imapd:Loading',
  'auxpropfunc error',
  'sql_select',
  'mailbox: ',
  'seen_db: ',
  'skiplist: ',
  'created proc directory',
  'twoskip: ',
  'inittls: ',
  'autocreateinbox: ',
  'creating sql_db ',
  String.raw`User \S+, Inbox subfolders`,
  'fetching message ',
];

interface Rule {
  readonly re: RegExp;
  readonly kind: string;
  readonly level: LogLevel;
  readonly fields?: (m: RegExpExecArray) => Record<string, string>;
}

const RULES: readonly Rule[] = [
  { re: /^IOERROR: (.*)$/, kind: 'ioerror', level: 'error', fields: (m) => ({ reason: m[1]! }) },
  { re: /^DBERROR:? (.*)$/, kind: 'dberror', level: 'error', fields: (m) => ({ reason: m[1]! }) },
  { re: /^(?:[Ff]atal error|FATAL): (.*)$/, kind: 'fatal', level: 'error', fields: (m) => ({ reason: m[1]! }) },
  {
    re: DUPLICATE,
    kind: 'duplicate',
    level: 'debug',
    fields: (m) => ({ step: m[1]!, 'message-id': m[2]!, ...mailbox(m[3]!) }),
  },
  { re: DUPELIM, kind: 'dupelim', level: 'info', fields: (m) => ({ ...mailbox(m[1]!), 'message-id': m[2]! }) },
  { re: OPEN, kind: 'open', level: 'info', fields: (m) => ({ user: m[1]!, mailbox: m[2]! }) },
  {
    re: EXITED,
    kind: 'exited',
    level: 'info',
    fields: (m): Record<string, string> => ({ child_pid: m[1]!, [m[2] === 'status' ? 'status' : 'signal']: m[3]! }),
  },
  {
    re: /^service (\S+) pid (\d+) in (\S+) state: terminated abnormally$/,
    kind: 'abnormal-exit',
    level: 'error',
    fields: (m) => ({ service: m[1]!, child_pid: m[2]!, state: m[3]! }),
  },
  {
    re: /^verify_user\((\S+)\) failed: (.*)$/,
    kind: 'verify-failed',
    level: 'warn',
    fields: (m) => ({ mailbox: m[1]!, reason: m[2]! }),
  },
  { re: /^WARNING: (.*)$/, kind: 'warning', level: 'warn', fields: (m) => ({ text: m[1]! }) },
  { re: /^accepted connection$/, kind: 'connect', level: 'info' },
  { re: /^lmtp connection preauth'd as (\S+)$/, kind: 'preauth', level: 'info', fields: (m) => ({ user: m[1]! }) },
  { re: /^mystore: (starting|committing|aborting) txn (\d+)$/, kind: 'txn', level: 'debug' },
  { re: /^USAGE (\S+) user: (\S+) sys: (\S+)$/, kind: 'usage', level: 'debug', fields: (m) => ({ user: m[1]! }) },
  { re: /^command: (\S+)/, kind: 'command', level: 'debug', fields: (m) => ({ command: m[1]! }) },
  { re: /^(?:TLS is available\.|starttls: .*)$/, kind: 'tls', level: 'debug' },
  { re: /^IDLE: (.*)$/, kind: 'idle', level: 'warn', fields: (m) => ({ text: m[1]! }) },
  { re: /^(?:ready for work|executed|about to exec (\S+))$/, kind: 'master', level: 'info' },
  {
    re: /^(?:done )?(?:checkpointing|recovering) cyrus databases$|^archiving (?:database|log) file: /,
    kind: 'checkpoint',
    level: 'debug',
  },
  {
    re: /^[Ll]ogout\b|^Connection reset by peer(?:, closing connection)?$|^inactivity timeout|^Lost connection to client/,
    kind: 'disconnect',
    level: 'info',
  },
  {
    re: /^(?:graceful shutdown|attempting clean shutdown on signal|All children have exited, closing down)$/,
    kind: 'shutdown',
    level: 'info',
  },
  // libsasl inside imapd: a wrong password, an authzid it refuses, saslauthd or the keytab out of reach
  { re: /^SASL (Password verification failed|bad userid authenticated)$/, kind: 'sasl', level: 'warn' },
  {
    re: /^SASL (?:cannot connect to saslauthd server|GSSAPI Error): (.*)$/,
    kind: 'sasl-error',
    level: 'error',
    fields: (m) => ({ reason: m[1]! }),
  },
  {
    re: /^sieve runtime error for (\S+) id <([^>]*)>: (.*)$/,
    kind: 'sieve-error',
    level: 'warn',
    fields: (m) => ({ user: m[1]!, 'message-id': m[2]!, reason: m[3]! }),
  },
  {
    re: new RegExp(`^(?:${NOTES.join('|')})`),
    kind: 'note',
    level: 'info',
  },
];

export function parseCyrusMessage(message: string): ParsedMessage | undefined {
  const login = LOGIN.exec(message);
  if (login) {
    const fields = client(login[1]!, login[2]!);
    Object.assign(fields, { user: login[3]!, mech: login[4]! });
    if (login[6] !== undefined) fields.session_id = login[6];
    return { level: 'info', kind: 'login', fields };
  }
  const bad = BADLOGIN.exec(message);
  if (bad) return { level: 'warn', kind: 'badlogin', fields: badLoginFields(bad) };
  const delivered = DELIVERED.exec(message);
  if (delivered) {
    return { level: 'info', kind: 'delivered', fields: { 'message-id': delivered[1]!, ...mailbox(delivered[2]!) } };
  }
  const audit = AUDITLOG.exec(message);
  if (audit) {
    const fields: Record<string, string> = { event: audit[1]! };
    for (const kv of audit[2]!.matchAll(/(\w+)=<([^>]*)>/g))
      fields[kv[1] === 'messageid' ? 'message-id' : kv[1]!] = kv[2]!;
    return {
      level: 'info',
      kind: 'auditlog',
      fields: fields.mailbox ? { ...fields, ...mailbox(fields.mailbox) } : fields,
    };
  }
  for (const rule of RULES) {
    const m = rule.re.exec(message);
    if (m) return { level: rule.level, kind: rule.kind, fields: rule.fields?.(m) ?? { text: message } };
  }
  return undefined;
}

function badLoginFields(m: RegExpExecArray): Record<string, string> {
  const fields = client(m[1]!, m[2]!);
  fields.mech = m[3]!;
  const rest = m[4]!;
  const bracketed = /^\[(.*)\]$/.exec(rest);
  const parenUser = /^\(([^)]*)\) \[(.*)\]$/.exec(rest); // cyrus 3.x: "plaintext (jdoe) [SASL(-13): ...]"
  const withUser = /^(\S+) (SASL\(.*)$/.exec(rest);
  if (bracketed) fields.reason = bracketed[1]!;
  else if (parenUser) Object.assign(fields, { user: parenUser[1]!, reason: parenUser[2]! });
  else if (withUser) Object.assign(fields, { user: withUser[1]!, reason: withUser[2]! });
  else fields.reason = rest;
  const user = /\buser: (\S+)/.exec(fields.reason!);
  if (!fields.user && user) fields.user = user[1]!;
  return fields;
}

// "host [ip]" as postfix's parser names a peer (client_name, client_ip); cyrus writes no name when it has none.
function client(name: string, ip: string): Record<string, string> {
  return name === '' ? { client_ip: ip } : { client_name: name, client_ip: ip };
}

// "user.jdoe", "user/jdoe/Sent" (unixhierarchysep), "example.com!user.jdoe" (virtual domains): the mailbox and
// the login it belongs to, for --user; shared folders have no owner.
function mailbox(name: string): Record<string, string> {
  const m = /^(?:([^!]+)!)?user[./]([^./]+)/.exec(name);
  if (!m) return { mailbox: name };
  return { mailbox: name, user: m[1] ? `${m[2]!}@${m[1]}` : m[2]! };
}
