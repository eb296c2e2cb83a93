// How to read saslauthd, the daemon cyrus asks for passwords when sasl_pwcheck_method names saslauthd: its
// service settings (RHEL /etc/sysconfig/saslauthd, Debian /etc/default/saslauthd), its command line and log.

// Where cyrus-sasl looks when imapd.conf has no sasl_saslauthd_path (RHEL5 and Debian builds alike).
export const DEFAULT_SASLAUTHD_SOCKET = '/var/run/saslauthd/mux';
export const SASLAUTHD_SERVICE_FILES = ['/etc/sysconfig/saslauthd', '/etc/default/saslauthd'];

export interface SaslauthdSettings {
  readonly mech?: string; // kerberos5, pam, ldap ...
  readonly socketDir?: string; // -m / SOCKETDIR
  readonly disabled?: boolean; // Debian's START=no
  readonly says?: string; // the line naming the mechanism, for the hint ("MECHANISMS=pam")
}

const unquote = (v: string) => v.trim().replace(/^(["'])(.*)\1$/, '$2');

function shellVars(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Z_]+)=(.*)$/.exec(line);
    if (m?.[1] && m[2] !== undefined) vars.set(m[1], unquote(m[2].replace(/\s+#.*$/, '')));
  }
  return vars;
}

// RHEL: MECH=pam, SOCKETDIR=/var/run/saslauthd, FLAGS=; Debian: MECHANISMS="pam", OPTIONS="-c -m /var/run/saslauthd".
export function parseSaslauthdService(text: string): SaslauthdSettings {
  const vars = shellVars(text);
  const fromArgs = parseSaslauthdArgs(`${vars.get('FLAGS') ?? ''} ${vars.get('OPTIONS') ?? ''}`);
  const mechKey = vars.has('MECHANISMS') ? 'MECHANISMS' : vars.has('MECH') ? 'MECH' : undefined;
  const mech = (mechKey ? vars.get(mechKey) : undefined) || fromArgs.mech;
  const socketDir = vars.get('SOCKETDIR') || fromArgs.socketDir;
  return {
    ...(mech ? { mech } : {}),
    ...(socketDir ? { socketDir } : {}),
    ...(vars.get('START') === 'no' ? { disabled: true } : {}),
    ...(mechKey && mech ? { says: `${mechKey}=${mech}` } : {}),
  };
}

// "/usr/sbin/saslauthd -a kerberos5 -m /run/saslauthd -n 2"
export function parseSaslauthdArgs(args: string): SaslauthdSettings {
  const words = args.trim().split(/\s+/);
  const after = (flag: string) => {
    const i = words.indexOf(flag);
    return i >= 0 ? words[i + 1] : undefined;
  };
  const mech = after('-a');
  const socketDir = after('-m');
  return { ...(mech ? { mech } : {}), ...(socketDir ? { socketDir } : {}) };
}

export interface SaslauthdLog {
  readonly mech?: string; // from the last "[mech=kerberos5]"
  readonly lastFailure?: string; // "[user=test1001] [service=imap] ... [reason=...]" of the last failure
  readonly exited?: string; // the last "master exited" line's time, when it is the last word of the log
}

// syslog lines of saslauthd, oldest first.
export function parseSaslauthdLog(lines: readonly string[]): SaslauthdLog {
  let mech: string | undefined;
  let lastFailure: string | undefined;
  let exited: string | undefined;
  for (const line of lines) {
    const m = /\[mech=([^\]]+)\]/.exec(line);
    if (m?.[1]) mech = m[1];
    const f = /auth failure: (.*)$/.exec(line);
    if (f?.[1]) lastFailure = f[1].trim();
    const x = /^(\w{3} +\d+ [\d:]+) .*master exited/.exec(line);
    exited = x?.[1]?.replace(/ +/g, ' ') ?? (/master pid is/.test(line) ? undefined : exited);
  }
  return { ...(mech ? { mech } : {}), ...(lastFailure ? { lastFailure } : {}), ...(exited ? { exited } : {}) };
}
