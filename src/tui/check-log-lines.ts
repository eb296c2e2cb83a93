// Which log lines concern a check, as data: the detail view of check@host shows the last few lines of that
// host's live stream that its rule picks (the last amavis errors under service/amavis, badlogins under
// mailbox/imap-login). A rule names a check id, or a group as "group/*"; the exact id wins.
import { AMAVIS_PROGRAM } from '../logs/amavis.js';
import { CYRUS_PROGRAM } from '../logs/cyrus.js';
import { postfixProgram } from '../logs/postfix-program.js';
import { SASL_PROGRAM } from '../logs/sasl.js';
import type { LogLine } from '../logs/types.js';

export interface CheckLogRule {
  readonly check: string; // a check id, or "group/*"
  readonly about: string; // what the lines are, for the detail view's heading
  readonly matches: (line: LogLine) => boolean;
}

// Lines kept per check@host for the detail view.
export const RECENT_PER_CHECK = 5;

const program = (re: RegExp) => (l: LogLine) => l.program !== undefined && re.test(l.program);
const isPostfix = (l: LogLine): boolean => l.program !== undefined && postfixProgram(l.program) !== undefined;
const isAmavis = program(AMAVIS_PROGRAM);
const isCyrus = program(CYRUS_PROGRAM);
const isSasl = program(SASL_PROGRAM);
const isLmtpd = program(/(?:^|\/)lmtp(?:unix|d)?$/);
const isSieve = program(/(?:^|\/)(?:timsieved|sieve)$/);
const kindIn =
  (...kinds: string[]) =>
  (l: LogLine): boolean =>
    l.kind !== undefined && kinds.includes(l.kind);
const isError = (l: LogLine): boolean => l.level === 'error';
const isProblem = (l: LogLine): boolean => l.level === 'error' || l.level === 'warn';
const failedHandOff = kindIn('deferred', 'bounced', 'connect-failed', 'lost-connection');
// Postfix's side of the content filter (amavis listens on 10024; master.cf may name the service "amavis").
const toAmavis = (l: LogLine): boolean => /:10024\b/.test(l.raw) || /(?:^|\/)amavis(?:feed)?\//.test(l.program ?? '');

export const CHECK_LOG_RULES: readonly CheckLogRule[] = [
  {
    check: 'service/amavis',
    about: 'amavis errors and postfix failing to hand mail to it',
    matches: (l) =>
      (isAmavis(l) && (isError(l) || kindIn('trouble', 'scanner-failed')(l))) ||
      (isPostfix(l) && failedHandOff(l) && toAmavis(l)),
  },
  {
    check: 'service/clamd',
    about: "amavis' virus scanner failures",
    matches: (l) => isAmavis(l) && (kindIn('scanner-failed')(l) || (isError(l) && /clam/i.test(l.raw))),
  },
  {
    check: 'mailbox/imap-login',
    about: 'failed IMAP and POP logins',
    matches: (l) => isCyrus(l) && !isSieve(l) && l.kind === 'badlogin',
  },
  {
    check: 'service/imap',
    about: 'cyrus errors (IOERROR, DBERROR, fatal, abnormal exits)',
    matches: (l) => isCyrus(l) && isError(l),
  },
  {
    check: 'service/lmtp',
    about: 'LMTP deliveries deferred or bounced, and lmtpd errors',
    matches: (l) =>
      (isPostfix(l) && /(?:^|\/)lmtp$/.test(l.program ?? '') && failedHandOff(l)) ||
      (isLmtpd(l) && (isError(l) || l.kind === 'verify-failed')),
  },
  {
    check: 'service/sieve',
    about: 'sieve logins failed and errors',
    matches: (l) => isSieve(l) && (l.kind === 'badlogin' || isError(l)),
  },
  {
    check: 'queue/depth',
    about: 'deferred and expired deliveries',
    matches: (l) => isPostfix(l) && kindIn('deferred', 'expired')(l),
  },
  {
    check: 'ox/ldapsync-log',
    about: 'oxldapsync warnings and errors',
    matches: (l) => (l.source === 'oxldapsync' || l.program === 'oxldapsync') && isProblem(l),
  },
  {
    check: 'identity/*',
    about: 'saslauthd and pam_krb5 failures',
    matches: (l) => isSasl(l) && kindIn('auth-failure', 'kerberos-error')(l),
  },
];

const BY_CHECK: ReadonlyMap<string, CheckLogRule> = new Map(CHECK_LOG_RULES.map((r) => [r.check, r]));

export function logRuleFor(checkId: string): CheckLogRule | undefined {
  const slash = checkId.indexOf('/');
  return BY_CHECK.get(checkId) ?? (slash > 0 ? BY_CHECK.get(`${checkId.slice(0, slash)}/*`) : undefined);
}

// The rules a line concerns (most lines: none).
export function rulesMatching(line: LogLine): CheckLogRule[] {
  return CHECK_LOG_RULES.filter((r) => r.matches(line));
}
