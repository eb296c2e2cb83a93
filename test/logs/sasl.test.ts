import { describe, expect, it } from 'vitest';
import { parseSaslMessage, SASL_PROGRAM } from '../../src/logs/sasl.js';
import { corpusLines, framed, haveCorpus } from './corpus-lines.js';

const ISSUES = 'maillog/github_issue_excerpts_postfix_amavis_clamd_sasl.txt';

describe.skipIf(!haveCorpus)('SASL lines of the GitHub issue excerpts', () => {
  it('saslauthd syslog line: 1 of 1 parsed, with user, service, realm, mech and reason', () => {
    const lines = framed(ISSUES, SASL_PROGRAM);
    expect(lines).toHaveLength(1);
    expect(parseSaslMessage(lines[0]!.message)).toEqual({
      level: 'warn',
      kind: 'auth-failure',
      fields: {
        function: 'do_auth',
        user: 'lol@sabmit.io',
        service: 'login',
        realm: 'sabmit.io',
        mech: 'sasldb',
        reason: 'Unknown',
      },
    });
  });

  it('postfix smtpd lines naming SASL: 6 of 6 parsed (the saslauthd socket missing among them)', () => {
    const lines = framed(ISSUES, /smtpd$/).filter((l) => l.message.includes('SASL'));
    const parsed = lines.map((l) => parseSaslMessage(l.message));
    expect({ lines: lines.length, unknown: parsed.filter((p) => !p).length }).toEqual({ lines: 6, unknown: 0 });
    expect(parsed[0]!.fields).toEqual({ reason: 'Password verification failed' });
    expect(parsed[1]!.fields).toEqual({
      client_name: 'unknown',
      client_ip: 'xxx.xxx.xxx.xxx',
      mech: 'PLAIN',
      reason: 'authentication failure',
    });
    expect(parsed[3]!.fields).toEqual({ reason: 'cannot connect to saslauthd server: No such file or directory' });
    expect(parsed[5]!.fields).toMatchObject({ client_ip: '172.1.0.1', reason: 'generic failure' });
  });

  it('saslauthd -d stderr and bare message parts (no syslog frame): 5 of 5 parsed', () => {
    const bare = corpusLines(ISSUES)
      .filter((l): l is string => typeof l === 'string')
      .filter((l) => /^saslauthd\[\d+\] :|^:auth /.test(l))
      .map((l) => l.replace(/^saslauthd\[\d+\] /, ''));
    const parsed = bare.map((m) => parseSaslMessage(m));
    expect(parsed.map((p) => p?.kind)).toEqual([
      'accept-lock',
      'accept-lock',
      'auth-failure',
      'auth-success',
      'auth-failure',
    ]);
    expect(parsed[2]!.fields).toEqual({
      user: 'poc',
      service: 'imap',
      realm: '',
      mech: 'pam',
      reason: 'PAM auth error',
    });
    expect(parsed[3]!.fields).toEqual({ user: 'test@example.org', service: 'imap', realm: 'example.org', mech: 'pam' });
  });
});

describe('Kerberos through saslauthd and pam_krb5 (RHEL5 wording)', () => {
  it('takes the user, principal and KDC reason apart', () => {
    expect(
      parseSaslMessage(
        "pam_krb5[4711]: authentication fails for 'jdoe' (jdoe@EXAMPLE.COM): Authentication failure " +
          '(Preauthentication failed)',
      ),
    ).toEqual({
      level: 'warn',
      kind: 'auth-failure',
      fields: {
        user: 'jdoe',
        principal: 'jdoe@EXAMPLE.COM',
        reason: 'Authentication failure (Preauthentication failed)',
        mech: 'krb5',
      },
    });
    expect(parseSaslMessage("authentication succeeds for 'jdoe' (jdoe@EXAMPLE.COM)")).toMatchObject({
      kind: 'auth-success',
    });
    expect(
      parseSaslMessage('auth_krb5: krb5_get_init_creds_password: -1765328378 (Client not found in Kerberos database)'),
    ).toEqual({
      level: 'error',
      kind: 'kerberos-error',
      fields: { function: 'auth_krb5', reason: 'Client not found in Kerberos database' },
    });
    expect(
      parseSaslMessage(
        'GSSAPI Error: Unspecified GSS failure.  Minor code may provide more information (Clock skew too great)',
      ),
    ).toMatchObject({ level: 'error', kind: 'kerberos-error' });
    expect(parseSaslMessage('hello world')).toBeUndefined();
  });
});
