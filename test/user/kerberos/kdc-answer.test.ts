// readKdcAnswer on MIT kinit's real output with nothing on stdin, taken from the lab's KDC (kinit 1.20, LC_ALL=C),
// with KRB5_TRACE=/dev/stderr and without it (as kinit 1.6 on RHEL5 prints: no trace).
import { describe, expect, it } from 'vitest';
import { readKdcAnswer } from '../../../src/user/kerberos/kdc-answer.js';

const T = (n: number, text: string) => `[2649] 1796619860.3596${n}: ${text}`;
const TRACED = {
  usable: [
    T(74, 'Getting initial credentials for test1001@AD.EXAMPLE.COM'),
    T(77, 'Sending unauthenticated request'),
    T(81, 'Received answer (251 bytes) from dgram 127.0.10.10:88'),
    T(82, 'Response was not from primary KDC'),
    T(83, 'Received error from KDC: -1765328359/Additional pre-authentication required'),
    T(86, 'Preauthenticating using KDC method data'),
    'Password for test1001@AD.EXAMPLE.COM: ',
    T(90, 'Preauth module encrypted_timestamp (2) (real) returned: -1765328254/Cannot read password'),
    'kinit: Pre-authentication failed: Cannot read password while getting initial credentials',
  ],
  revoked: [
    T(81, 'Received answer (164 bytes) from dgram 127.0.10.10:88'),
    T(83, "Received error from KDC: -1765328366/Client's credentials have been revoked"),
    T(84, 'Retrying AS request with primary KDC'),
    "kinit: Client's credentials have been revoked while getting initial credentials",
  ],
  // An expired password: kinit then asks kadmin/changepw, which wants the password too; only the trace tells.
  expired: [
    T(13, 'Received error from KDC: -1765328361/Password has expired'),
    T(14, 'Retrying AS request with primary KDC'),
    T(19, 'Principal expired; getting changepw ticket'),
    T(29, 'Received error from KDC: -1765328359/Additional pre-authentication required'),
    'Password for test1091@AD.EXAMPLE.COM: ',
    'kinit: Pre-authentication failed: Cannot read password while getting initial credentials',
  ],
  unknown: [
    T(85, 'Received error from KDC: -1765328378/Client not found in Kerberos database'),
    "kinit: Client 'nosuchuser4711@AD.EXAMPLE.COM' not found in Kerberos database while getting initial credentials",
  ],
  kdcDown: [
    T(80, 'Sending initial UDP request to dgram 127.0.10.10:88'),
    "kinit: Cannot contact any KDC for realm 'AD.EXAMPLE.COM' while getting initial credentials",
  ],
};

describe('readKdcAnswer with the trace', () => {
  it.each([
    ['usable', 'usable', 'Additional pre-authentication required (krb5 error -1765328359)'],
    ['revoked', 'revoked', "Client's credentials have been revoked (krb5 error -1765328366)"],
    ['expired', 'password-expired', 'Password has expired (krb5 error -1765328361)'],
    ['unknown', 'unknown-principal', 'Client not found in Kerberos database (krb5 error -1765328378)'],
    [
      'kdcDown',
      'kdc-unreachable',
      "kinit: Cannot contact any KDC for realm 'AD.EXAMPLE.COM' while getting initial credentials",
    ],
  ] as const)('reads "%s" as %s from the KDC\'s first answer', (key, kind, said) => {
    expect(readKdcAnswer(TRACED[key].join('\n'))).toEqual({ kind, said, traced: true });
  });

  it('maps KDC_ERR_NAME_EXP (an expired account) and an error it has no name for', () => {
    const nameExp = T(1, "Received error from KDC: -1765328383/Client's entry in database has expired");
    expect(readKdcAnswer(nameExp).kind).toBe('account-expired');
    const etype = T(1, 'Received error from KDC: -1765328370/KDC has no support for encryption type');
    expect(readKdcAnswer(etype)).toEqual({
      kind: 'other',
      said: 'KDC has no support for encryption type (krb5 error -1765328370)',
      traced: true,
    });
  });
});

describe('readKdcAnswer without the trace (kinit 1.6)', () => {
  it('reads the password prompt as usable, untraced (an expired password looks the same)', () => {
    const said =
      'Password for test1001@AD.EXAMPLE.COM: \nkinit: Pre-authentication failed: Cannot read password while getting initial credentials\n';
    expect(readKdcAnswer(said)).toEqual({
      kind: 'usable',
      said: 'Password for test1001@AD.EXAMPLE.COM:',
      traced: false,
    });
    // kinit 1.6 words it without the pre-authentication part
    expect(readKdcAnswer('kinit(v5): Cannot read password while getting initial credentials\n').kind).toBe('usable');
  });

  it('reads revoked, unknown and unreachable from the last line', () => {
    expect(readKdcAnswer("kinit: Client's credentials have been revoked while getting initial credentials\n")).toEqual({
      kind: 'revoked',
      said: "kinit: Client's credentials have been revoked while getting initial credentials",
      traced: false,
    });
    expect(readKdcAnswer(TRACED.unknown[1]!).kind).toBe('unknown-principal');
    expect(readKdcAnswer(TRACED.kdcDown[1]!).kind).toBe('kdc-unreachable');
  });

  it('says "other" with the line when kinit said something else', () => {
    const noRealm = 'kinit: Configuration file does not specify default realm when parsing name test1001\n';
    expect(readKdcAnswer(noRealm)).toEqual({
      kind: 'other',
      said: 'kinit: Configuration file does not specify default realm when parsing name test1001',
      traced: false,
    });
  });
});
