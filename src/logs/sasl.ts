// The message part of SASL lines: saslauthd's own (syslog "do_auth : auth failure: [user=..] [service=..]
// [realm=..] [mech=..] [reason=..]", and its -d stderr form ":auth failure: ..."), pam_krb5's (RHEL5's
// "authentication fails for 'u' (u@REALM): Authentication failure (Preauthentication failed)"), and the libsasl
// lines inside other programs' messages (postfix smtpd, cyrus): "SASL authentication failure: ...",
// "host[ip]: SASL PLAIN authentication failed: ...", GSSAPI/Kerberos errors.
import type { LogLevel, ParsedMessage } from './types.js';

// The programs whose own lines these are; the libsasl lines come inside smtpd's and cyrus's messages.
export const SASL_PROGRAM = /^(?:saslauthd|pam_krb5)$/;

// saslauthd prefixes its messages with the C function's name padded to a column: "do_auth         : ".
const FUNCTION_PREFIX = /^(\w*)\s*:\s?(?=\S)/;
const PAM_KRB5_PREFIX = /^pam_krb5\[\d+\]: /;
const WARNING_PREFIX = /^(?:warning|error|fatal): /;
const AUTH_RESULT = /^auth (success|failure): ((?:\[[a-z]+=[^\]]*\] ?)+)$/;
const KRB5_FAILS = /^authentication fails for '([^']*)' \(([^)]*)\): (.*)$/;
const KRB5_SUCCEEDS = /^authentication succeeds for '([^']*)' \(([^)]*)\)/;
const MECH_FAILED = /^(\S*)\[([^\]]*)\]: SASL (\S+) authentication failed: (.*)$/;
const SASL_FAILURE = /^SASL authentication failure: (.*)$/;

// saslauthd's start, stop and socket lines, and libsasl's plugin complaints.
const DAEMON_LINES = [
  'START: saslauthd',
  'master pid is',
  'listening on socket',
  'master exited',
  'socket removed',
  'pid file lock removed',
  'num_procs',
  'mech_option',
  'run_path',
  'auth_mech',
  'Caught signal',
  'could not bind',
  '_sasl_plugin_load',
  'auxpropfunc error',
  'sql_select option',
];

interface Rule {
  readonly re: RegExp;
  readonly kind: string;
  readonly level: LogLevel;
  readonly fields?: (m: RegExpExecArray) => Record<string, string>;
}

const RULES: readonly Rule[] = [
  {
    re: KRB5_FAILS,
    kind: 'auth-failure',
    level: 'warn',
    fields: (m) => ({ user: m[1]!, principal: m[2]!, reason: m[3]!, mech: 'krb5' }),
  },
  {
    re: KRB5_SUCCEEDS,
    kind: 'auth-success',
    level: 'info',
    fields: (m) => ({ user: m[1]!, principal: m[2]!, mech: 'krb5' }),
  },
  {
    re: MECH_FAILED,
    kind: 'auth-failure',
    level: 'warn',
    fields: (m) => ({ ...(m[1] ? { client_name: m[1] } : {}), client_ip: m[2]!, mech: m[3]!, reason: m[4]! }),
  },
  {
    re: SASL_FAILURE,
    kind: 'auth-failure',
    level: 'warn',
    fields: (m) => ({ reason: m[1]! }),
  },
  // Kerberos as saslauthd's mechanism and as GSSAPI: the KDC's or the keytab's answer is the reason.
  {
    re: /^krb5_\w+: (?:-?\d+ )?\(?(.*?)\)?$/,
    kind: 'kerberos-error',
    level: 'error',
    fields: (m) => ({ reason: m[1]! }),
  },
  { re: /^GSSAPI Error: (.*)$/, kind: 'kerberos-error', level: 'error', fields: (m) => ({ reason: m[1]! }) },
  {
    re: /^(?:error reading keytab|TGT failed verification)(.*)$/,
    kind: 'kerberos-error',
    level: 'error',
    fields: (m) => ({ reason: m[0]! }),
  },
  { re: /^pam_\w+ failed: (.*)$|^pam_authenticate failed: (.*)$/, kind: 'auth-failure', level: 'warn' },
  { re: /^(?:released|acquired) accept lock$/, kind: 'accept-lock', level: 'debug' },
  {
    re: new RegExp(`^(?:${DAEMON_LINES.join('|')})`),
    kind: 'daemon',
    level: 'info',
  },
];

export function parseSaslMessage(message: string): ParsedMessage | undefined {
  let text = message.replace(PAM_KRB5_PREFIX, '').replace(WARNING_PREFIX, '');
  const fn = FUNCTION_PREFIX.exec(text);
  const fields: Record<string, string> = {};
  // "auth_krb5: krb5_get_init_creds_password: ..." keeps its own function names; only saslauthd's padding goes.
  if (fn && !/^(?:krb5_|SASL |GSSAPI)/.test(text)) {
    if (fn[1]) fields.function = fn[1];
    text = text.slice(fn[0].length);
  }
  const result = AUTH_RESULT.exec(text);
  if (result) {
    for (const kv of result[2]!.matchAll(/\[([a-z]+)=([^\]]*)\]/g)) fields[kv[1]!] = kv[2]!;
    const ok = result[1] === 'success';
    return { level: ok ? 'info' : 'warn', kind: ok ? 'auth-success' : 'auth-failure', fields };
  }
  for (const rule of RULES) {
    const m = rule.re.exec(text);
    if (m) return { level: rule.level, kind: rule.kind, fields: { ...fields, ...(rule.fields?.(m) ?? { text }) } };
  }
  return undefined;
}
