// What MIT kinit's error text means. kinit exits 1 for every failure; only the message tells them apart.

export type KinitFailure =
  | 'wrong-password'
  | 'unknown-principal'
  | 'password-expired'
  | 'account-expired'
  | 'revoked'
  | 'kdc-unreachable'
  | 'clock-skew'
  | 'other';

// First match wins: an expired password makes kinit ask for a new one, and the EOF that follows
// ("Cannot read password") is a consequence, not the cause.
const PATTERNS: readonly (readonly [KinitFailure, RegExp])[] = [
  ['password-expired', /Password (has )?expired/i],
  ['account-expired', /Client'?s entry in database has expired/i], // KDC_ERR_NAME_EXP: AD's accountExpires
  ['revoked', /Clients?'?s? credentials have been revoked/i],
  ['unknown-principal', /not found in Kerberos database/i],
  ['wrong-password', /Preauthentication failed|Password incorrect|Decrypt integrity check failed/i],
  ['clock-skew', /Clock skew too great/i],
  ['kdc-unreachable', /Cannot contact any KDC|Cannot find KDC for realm|Cannot resolve network address for KDC/i],
];

export interface KinitError {
  readonly kind: KinitFailure;
  readonly line: string; // the line that says why, e.g. "kinit: Password incorrect while getting initial credentials"
}

// Classifies kinit's stdout and stderr together (the "Password expired" notice goes to stdout).
export function classifyKinit(output: string): KinitError {
  const lines = output
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  for (const [kind, pattern] of PATTERNS) {
    const line = lines.find((l) => pattern.test(l));
    if (line !== undefined) return { kind, line };
  }
  return { kind: 'other', line: lines.find((l) => l.startsWith('kinit:')) ?? lines[lines.length - 1] ?? '(no output)' };
}

export interface FailureText {
  readonly cause: string; // names the cause
  readonly hint: string; // names the fix
}

// Sentences for a failure of `principal` on `host`; `kdcs` is the KDC list kinit used.
export function explainKinit(kind: KinitFailure, principal: string, host: string, kdcs: string): FailureText {
  switch (kind) {
    case 'wrong-password':
      return {
        cause: `wrong password for ${principal} (the KDC refused the pre-authentication)`,
        hint: `check the test user's configured password, or reset it in AD (Set-ADAccountPassword / kadmin cpw); repeated failures may lock the account`,
      };
    case 'unknown-principal':
      return {
        cause: `unknown principal ${principal}: the KDC has no such user`,
        hint: `check the login and realm (the configured test user, default_realm in ${host}'s /etc/krb5.conf) and that the account exists in AD`,
      };
    case 'password-expired':
      return {
        cause: `the password of ${principal} has expired`,
        hint: `have the user change the password (kpasswd, Ctrl-Alt-Del on Windows) or set a new one in AD; for a service/test account set "password never expires"`,
      };
    case 'account-expired':
      return {
        cause: `the account ${principal} has expired (the KDC says its entry has expired)`,
        hint: `extend or clear the account's expiry in AD (Set-ADAccountExpiration / "Account expires: Never"; MIT: kadmin modprinc -expire never)`,
      };
    case 'revoked':
      return {
        cause: `${principal} is disabled or locked (the KDC says its credentials have been revoked)`,
        hint: `enable or unlock the account in AD (Enable-ADAccount / Unlock-ADAccount; MIT: kadmin modprinc +allow_tix)`,
      };
    case 'kdc-unreachable':
      return {
        cause: `${host} cannot contact any KDC (${kdcs})`,
        hint: `check that the KDCs run and answer on port 88 from ${host} (firewall, DNS SRV records when dns_lookup_kdc is on, the kdc lines in /etc/krb5.conf)`,
      };
    case 'clock-skew':
      return {
        cause: `the clocks of ${host} and the KDC differ by more than the Kerberos limit (clock skew too great)`,
        hint: `sync ${host} (and the domain controllers) with NTP; Kerberos allows 300 s`,
      };
    case 'other':
      return {
        cause: `kinit failed for ${principal}`,
        hint: `read kinit's message in the evidence; run "KRB5_TRACE=/dev/stderr kinit ${principal}" on ${host} for the details`,
      };
  }
}
