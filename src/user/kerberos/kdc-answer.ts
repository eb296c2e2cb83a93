// What the KDC said to a user's AS request before pre-authentication, read from MIT kinit run without a password
// (stdin empty, KRB5_TRACE on stderr). The first "Received error from KDC" line of the trace is the KDC's own answer;
// kinit's last line may hide it (an expired password sends kinit to kadmin/changepw, which then asks for the
// password too). kinit 1.6 (RHEL5) has no trace: only its last line, which tells unknown, revoked and unreachable.
import { classifyKinit, type KinitFailure } from '../../kerberos/kinit-errors.js';

export type KdcAnswer =
  // The principal exists and may log in: the KDC asks for pre-authentication (or sent a reply to decrypt).
  | { readonly kind: 'usable'; readonly said: string; readonly traced: boolean }
  | { readonly kind: Exclude<KinitFailure, 'wrong-password'>; readonly said: string; readonly traced: boolean };

// krb5 error codes are ERROR_TABLE_BASE_krb5 (-1765328384) + the protocol's KDC error number.
const BASE = -1765328384;
const BY_KDC_ERROR: ReadonlyMap<number, KdcAnswer['kind']> = new Map([
  [BASE + 25, 'usable'], // KDC_ERR_PREAUTH_REQUIRED
  [BASE + 6, 'unknown-principal'], // KDC_ERR_C_PRINCIPAL_UNKNOWN
  [BASE + 18, 'revoked'], // KDC_ERR_CLIENT_REVOKED: disabled, locked out
  [BASE + 23, 'password-expired'], // KDC_ERR_KEY_EXP
  [BASE + 1, 'account-expired'], // KDC_ERR_NAME_EXP
  [BASE + 37, 'clock-skew'], // KRB_AP_ERR_SKEW
]);

const TRACE_ERROR = /Received error from KDC: (-?\d+)\/(.*)$/;
// kinit reached the point of wanting the password: the KDC answered without refusing the principal.
const WANTS_PASSWORD = /Cannot read password|^Password for /;

export function readKdcAnswer(output: string): KdcAnswer {
  const lines = output
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const traced = lines.some((l) => /^\[\d+\] [\d.]+: /.test(l));
  for (const line of lines) {
    const m = TRACE_ERROR.exec(line);
    if (!m) continue;
    const said = `${m[2]!.trim()} (krb5 error ${m[1]})`;
    return { kind: BY_KDC_ERROR.get(Number(m[1])) ?? 'other', said, traced };
  }
  const final = classifyKinit(lines.filter((l) => !/^\[\d+\] /.test(l)).join('\n'));
  if (final.kind !== 'other' && final.kind !== 'wrong-password') return { kind: final.kind, said: final.line, traced };
  const wants = lines.find((l) => WANTS_PASSWORD.test(l) && !l.startsWith('['));
  if (wants !== undefined) return { kind: 'usable', said: wants, traced };
  return { kind: 'other', said: final.line, traced };
}
