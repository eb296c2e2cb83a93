import { describe, expect, it } from 'vitest';
import { classifyKinit, explainKinit } from '../../src/kerberos/kinit-errors.js';

// The exact output of MIT kinit 1.20 (LC_ALL=C, password on stdin), taken from the lab's KDC.
const MIT = {
  wrongPassword:
    'Password for test1001@AD.EXAMPLE.COM: \nkinit: Password incorrect while getting initial credentials\n',
  preauth: 'kinit: Preauthentication failed while getting initial credentials\n',
  unknown:
    "kinit: Client 'nosuchuser@AD.EXAMPLE.COM' not found in Kerberos database while getting initial credentials\n",
  expired:
    'Password for test1091@AD.EXAMPLE.COM: \nPassword expired.  You must change it now.\nEnter new password: \nkinit: Cannot read password while getting initial credentials\n',
  expiredOld: 'kinit: Password has expired while getting initial credentials\n',
  // KDC_ERR_NAME_EXP (the text of MIT's error table; the lab's KDC says it under the fault account-expired)
  accountExpired: "kinit: Client's entry in database has expired while getting initial credentials\n",
  disabled: "kinit: Client's credentials have been revoked while getting initial credentials\n",
  disabledOld: 'kinit: Clients credentials have been revoked while getting initial credentials\n',
  kdcDown:
    "Password for test1001@AD.EXAMPLE.COM: \nkinit: Cannot contact any KDC for realm 'AD.EXAMPLE.COM' while getting initial credentials\n",
  skew: 'Password for test1001@AD.EXAMPLE.COM: \nkinit: Clock skew too great while getting initial credentials\n',
  noRealm: 'kinit: Configuration file does not specify default realm when parsing name test1001\n',
};

describe('classifyKinit', () => {
  it.each([
    ['wrongPassword', 'wrong-password', 'kinit: Password incorrect while getting initial credentials'],
    ['preauth', 'wrong-password', 'kinit: Preauthentication failed while getting initial credentials'],
    [
      'unknown',
      'unknown-principal',
      "kinit: Client 'nosuchuser@AD.EXAMPLE.COM' not found in Kerberos database while getting initial credentials",
    ],
    ['expired', 'password-expired', 'Password expired.  You must change it now.'],
    ['expiredOld', 'password-expired', 'kinit: Password has expired while getting initial credentials'],
    [
      'accountExpired',
      'account-expired',
      "kinit: Client's entry in database has expired while getting initial credentials",
    ],
    ['disabled', 'revoked', "kinit: Client's credentials have been revoked while getting initial credentials"],
    ['disabledOld', 'revoked', 'kinit: Clients credentials have been revoked while getting initial credentials'],
    [
      'kdcDown',
      'kdc-unreachable',
      "kinit: Cannot contact any KDC for realm 'AD.EXAMPLE.COM' while getting initial credentials",
    ],
    ['skew', 'clock-skew', 'kinit: Clock skew too great while getting initial credentials'],
    ['noRealm', 'other', 'kinit: Configuration file does not specify default realm when parsing name test1001'],
  ] as const)('reads the MIT text "%s" as %s and quotes the line that says so', (key, kind, line) => {
    expect(classifyKinit(MIT[key])).toEqual({ kind, line });
  });

  it('names an expired password, not the EOF that follows the new-password prompt', () => {
    expect(classifyKinit(MIT.expired).kind).toBe('password-expired');
    expect(classifyKinit('kinit: Cannot read password while getting initial credentials').kind).toBe('other');
  });

  it('says "(no output)" when kinit printed nothing', () => {
    expect(classifyKinit('\n')).toEqual({ kind: 'other', line: '(no output)' });
  });
});

describe('explainKinit', () => {
  it('gives every failure kind a cause naming it and a hint naming a fix', () => {
    const expected = {
      'wrong-password': [/wrong password/, /password/],
      'unknown-principal': [/unknown principal/, /account exists/],
      'password-expired': [/has expired/, /change the password/],
      'account-expired': [/account u@R has expired/, /Set-ADAccountExpiration/],
      revoked: [/disabled or locked/, /Enable-ADAccount/],
      'kdc-unreachable': [/cannot contact any KDC \(kdc1:88\)/, /port 88/],
      'clock-skew': [/clock skew too great/, /NTP/],
      other: [/kinit failed/, /KRB5_TRACE/],
    } as const;
    for (const [kind, [cause, hint]] of Object.entries(expected)) {
      const text = explainKinit(kind as keyof typeof expected, 'u@R', 'servera', 'kdc1:88');
      expect(text.cause, kind).toMatch(cause);
      expect(text.hint, kind).toMatch(hint);
    }
  });
});
