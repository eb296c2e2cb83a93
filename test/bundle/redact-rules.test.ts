import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BundleRedactor } from '../../src/bundle/redact/redactor.js';
import { REDACTION_RULES } from '../../src/bundle/redact/rules.js';
import type { Subject } from '../../src/bundle/redact/types.js';

const file = (name: string): Subject => ({ kind: 'file', name });
const log = (name: string): Subject => ({ kind: 'log', name });
const command = (name: string): Subject => ({ kind: 'command', name });

// Each row: where the line comes from, the line as the host has it, the line as the bundle must hold it.
// Values with spaces and quotes are redacted whole; keys that only look like secrets are left alone.
const CASES: [Subject, string, string][] = [
  // postfix ldap and mysql maps (the seed's adlocalrecipients; sos leaves bind_pw in)
  [file('/etc/postfix/adlocalrecipients'), 'bind_pw = s3 cr"et x', 'bind_pw = ********'],
  [file('/etc/postfix/exchrecipients'), 'bind_dn = CN=svc,DC=example,DC=com', 'bind_dn = CN=svc,DC=example,DC=com'],
  [file('/etc/postfix/mysql-aliases.cf'), 'password = my pass', 'password = ********'],
  [file('/etc/postfix/main.cf'), 'smtp_sasl_password_maps = static:u:pw', 'smtp_sasl_password_maps = static:********'],
  [
    file('/etc/postfix/main.cf'),
    'smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd',
    'smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd',
  ],
  [command('postconf -n'), 'smtp_sasl_password_maps = inline:{ x=y }', 'smtp_sasl_password_maps = inline:********'],
  // imapd.conf and saslauthd.conf
  [file('/etc/imapd.conf'), 'ldap_password: two words', 'ldap_password: ********'],
  [file('/etc/imapd.conf'), 'proxy_password: x', 'proxy_password: ********'],
  [file('/etc/imapd.conf'), 'mupdate_pass: mp', 'mupdate_pass: ********'],
  [file('/etc/imapd.conf'), 'sasl_ldap_passwd: y', 'sasl_ldap_passwd: ********'],
  [file('/etc/imapd.conf'), 'sasl_pwcheck_method: saslauthd auxprop', 'sasl_pwcheck_method: saslauthd auxprop'],
  [file('/etc/imapd.conf'), 'allowplaintext: yes', 'allowplaintext: yes'],
  [file('/etc/saslauthd.conf'), 'ldap_bind_pw: s3', 'ldap_bind_pw: ********'],
  [file('/etc/saslauthd.conf'), 'ldap_password: "q w"', 'ldap_password: ********'],
  // amavisd.conf (perl): scalars, DSN triples, ldap hashes, password= inside a DSN
  [file('/etc/amavisd/amavisd.conf'), "$sql_password = 'a;b c';", '$sql_password = ********;'],
  [
    file('/etc/amavis/conf.d/50-user'),
    "@lookup_sql_dsn = ( ['DBI:mysql:database=mail;host=127.0.0.1;port=3306', 'user1', 'pass wd1'] );",
    "@lookup_sql_dsn = ( ['DBI:mysql:database=mail;host=127.0.0.1;port=3306', 'user1', ********] );",
  ],
  [
    file('/etc/amavisd.conf'),
    "$default_ldap = { hostname => 'ad', bind_dn => 'cn=amavis', bind_password => 'ldap pw' };",
    "$default_ldap = { hostname => 'ad', bind_dn => 'cn=amavis', bind_password => ******** };",
  ],
  [
    file('/etc/amavisd.conf'),
    "@storage_sql_dsn = (['DBI:Pg:dbname=mail;password=pgpw', 'u']);",
    "@storage_sql_dsn = (['DBI:Pg:dbname=mail;password=********', 'u']);",
  ],
  [file('/etc/amavisd/amavisd.conf'), "$mydomain = 'example.com';", "$mydomain = 'example.com';"],
  // OX properties and configdb
  [
    file('/opt/open-xchange/etc/configdb.properties'),
    'readProperty.2=password=Wq8 "x" z',
    'readProperty.2=password=********',
  ],
  [file('/opt/open-xchange/etc/configdb.properties'), 'readProperty.1=user=oxusr', 'readProperty.1=user=oxusr'],
  [
    file('/opt/open-xchange/etc/configdb.properties'),
    'writeUrl=jdbc:mysql://db:3313/?user=ox&password=pw1',
    'writeUrl=jdbc:mysql://db:3313/?user=ox&password=********',
  ],
  [
    file('/opt/open-xchange/etc/groupware/mail.properties'),
    'com.openexchange.mail.adminPassword=a b c',
    'com.openexchange.mail.adminPassword=********',
  ],
  [
    file('/opt/open-xchange/etc/groupware/mail.properties'),
    'com.openexchange.mail.passwordSource=session',
    'com.openexchange.mail.passwordSource=session',
  ],
  [
    file('/opt/open-xchange/etc/admindaemon/plugin/hosting.properties'),
    'MASTER_PASSWORD=m p',
    'MASTER_PASSWORD=********',
  ],
  // oxldapsync
  [file('/opt/oxldapsync/etc/ldapsync-ads.conf'), 'bindpw = "p w"', 'bindpw = ********'],
  [file('/opt/oxldapsync/etc/ldapsync-ads.conf'), 'ldappassword = lp', 'ldappassword = ********'],
  [
    file('/opt/oxldapsync/etc/ldapsync-ads.conf'),
    'bindpwfile = /opt/oxldapsync/etc/ldapbind.secret',
    'bindpwfile = /opt/oxldapsync/etc/ldapbind.secret',
  ],
  [file('/opt/oxldapsync/etc/mapping.ads.conf'), 'access-edit-password = "off"', 'access-edit-password = "off"'],
  // cron files (the seed's oxsync invocation), crontab output, cron logs, process lists
  [
    file('/etc/cron.d/ox'),
    '30 2 * * * root /opt/oxldapsync/sbin/oxldapsync.pl -f ldapsync-ads.conf -A oxadmin -P secret -c 1',
    '30 2 * * * root /opt/oxldapsync/sbin/oxldapsync.pl -f ldapsync-ads.conf -A oxadmin -P ******** -c 1',
  ],
  [
    file('/etc/cron.d/ox'),
    "* * * * * root /opt/open-xchange/sbin/listuser -A oxadmin -P 'with space' -c 1 > /dev/null 2>&1",
    '* * * * * root /opt/open-xchange/sbin/listuser -A oxadmin -P ******** -c 1 > /dev/null 2>&1',
  ],
  [
    file('/var/spool/cron/root'),
    '0 1 * * * /opt/open-xchange/sbin/registerdatabase -A oxadminmaster -P secret -n db -p db\\ pw -m true',
    '0 1 * * * /opt/open-xchange/sbin/registerdatabase -A oxadminmaster -P ******** -n db -p ******** -m true',
  ],
  [
    file('/etc/cron.daily/ox-backup.sh'),
    'oxbackup --configdb-pass="c p" --master-pass mp --passive',
    'oxbackup --configdb-pass=******** --master-pass ******** --passive',
  ],
  [
    file('/etc/cron.d/ox'),
    '15 3 * * * root /usr/lib/cyrus-imapd/ipurge -d 7 -f -n -p "Sent Items"',
    '15 3 * * * root /usr/lib/cyrus-imapd/ipurge -d 7 -f -n -p "Sent Items"',
  ],
  [
    file('/etc/cron.d/backup'),
    '0 4 * * * root mysqldump -uox -pS3cr3t configdb > /b',
    '0 4 * * * root mysqldump -uox -p******** configdb > /b',
  ],
  [
    command('crontab -l -u root'),
    '*/5 * * * * /opt/open-xchange/sbin/oxsync -P "x y"',
    '*/5 * * * * /opt/open-xchange/sbin/oxsync -P ********',
  ],
  [
    log('/var/log/cron'),
    'Dec  7 02:30:01 a CROND[1]: (root) CMD (/opt/oxldapsync/sbin/oxldapsync.pl -f x.conf -A oxadmin -P secret -c 1)',
    'Dec  7 02:30:01 a CROND[1]: (root) CMD (/opt/oxldapsync/sbin/oxldapsync.pl -f x.conf -A oxadmin -P ******** -c 1)',
  ],
  [
    command('ps -eo user,pid,args'),
    'root      4712 /usr/bin/perl /opt/oxldapsync/sbin/oxldapsync.pl -f x.conf -A oxadmin -P two words -c 1',
    'root      4712 /usr/bin/perl /opt/oxldapsync/sbin/oxldapsync.pl -f x.conf -A oxadmin -P ******** -c 1',
  ],
  [
    command('ps -eo user,pid,args'),
    'root  99 /opt/open-xchange/sbin/createuser -A oxadmin -P pw -u u -p user pass',
    'root  99 /opt/open-xchange/sbin/createuser -A oxadmin -P ******** -u u -p ********',
  ],
  [
    command('ps -eo user,pid,args'),
    'root 5 /usr/sbin/saslauthd -a kerberos5 -c -m /run/saslauthd -n 5',
    'root 5 /usr/sbin/saslauthd -a kerberos5 -c -m /run/saslauthd -n 5',
  ],
  // LDAP client, ssmtp, Apache
  [file('/etc/ldap.conf'), 'bindpw  my secret', 'bindpw  ********'],
  [file('/etc/openldap/ldap.conf'), 'BINDPW s', 'BINDPW ********'],
  [file('/etc/ldap/ldap.conf'), 'BASE dc=example,dc=com', 'BASE dc=example,dc=com'],
  [file('/etc/ssmtp/ssmtp.conf'), 'AuthPass=a b', 'AuthPass=********'],
  [file('/etc/ssmtp/ssmtp.conf'), 'AuthUser=relay', 'AuthUser=relay'],
  [file('/etc/httpd/conf.d/ox.conf'), '  AuthLDAPBindPassword "x y"', '  AuthLDAPBindPassword ********'],
  // HTTP and SASL in logs
  [
    log('/var/log/open-xchange/open-xchange.log.0'),
    'Dec 7 05:00:00 DEBUG header Authorization: Basic dGVzdDEwMDE6c2VjcmV0',
    'Dec 7 05:00:00 DEBUG header Authorization: Basic ********',
  ],
  [
    log('/var/log/maillog'),
    'Dec  7 05:00:00 relay postfix/smtpd[1234]: < localhost[127.0.0.1]: AUTH PLAIN AHRlc3QxMDAxAHNlY3JldA==',
    'Dec  7 05:00:00 relay postfix/smtpd[1234]: < localhost[127.0.0.1]: AUTH PLAIN ********',
  ],
  [
    log('/var/log/maillog'),
    'Dec  7 05:00:00 relay postfix/smtpd[1234]: > localhost[127.0.0.1]: 250-AUTH PLAIN LOGIN',
    'Dec  7 05:00:00 relay postfix/smtpd[1234]: > localhost[127.0.0.1]: 250-AUTH PLAIN LOGIN',
  ],
  [log('/var/log/imapd.log'), '<1733540000<a01 LOGIN test1001 "pa ss"', '<1733540000<a01 LOGIN test1001 ********'],
  [
    log('/var/log/maillog'),
    'Dec  7 05:00:00 servera imap[77]: login: localhost [127.0.0.1] test1001 plaintext User logged in',
    'Dec  7 05:00:00 servera imap[77]: login: localhost [127.0.0.1] test1001 plaintext User logged in',
  ],
  // the generic rule: files of no known format, logs
  [file('/etc/my.cnf'), 'password = "with space"', 'password = ********'],
  [file('/root/.my.cnf'), 'user = root', 'user = root'],
  [
    log('/var/log/messages'),
    'app: connect url=jdbc:x?user=a&password=p1&ssl=1',
    'app: connect url=jdbc:x?user=a&password=********&ssl=1',
  ],
  [command('cat /x'), '{"user":"a","password":"p w"}', '{"user":"a","password":********}'],
  [log('/var/log/messages'), 'app: login failed, password: hunter2', 'app: login failed, password: ********'],
  // a function named in saslauthd's log is no key: the KDC's answer after it stays readable
  [
    log('/var/log/messages'),
    "saslauthd[7504]: auth_krb5: krb5_get_init_creds_password: Client 'cyrus@AD.EXAMPLE.COM' not found (-1765328378)",
    "saslauthd[7504]: auth_krb5: krb5_get_init_creds_password: Client 'cyrus@AD.EXAMPLE.COM' not found (-1765328378)",
  ],
];

describe('bundle redaction rules', () => {
  it.each(CASES)('%o: %s', (subject, line, expected) => {
    const redactor = new BundleRedactor();
    const out = redactor.redactText(line, subject);
    expect(out.text).toBe(expected);
    expect(out.summary.count > 0).toBe(line !== expected);
  });

  it('records line and rule of each redaction, never the value', () => {
    const redactor = new BundleRedactor();
    const text = 'server_host = ldap://ad\nbind_dn = cn=x\nbind_pw = Canary-Map-1\n';
    const out = redactor.redactText(text, file('/etc/postfix/adlocalrecipients'));
    expect(out.summary.records).toEqual([{ line: 3, rule: 'postfix map bind_pw/password' }]);
    expect(JSON.stringify(out.summary)).not.toContain('Canary');
  });

  it('masks a postfix value continued on indented lines', () => {
    const out = new BundleRedactor().redactText(
      'bind_pw = first\n  second part\nversion = 3',
      file('/etc/postfix/x.cf'),
    );
    expect(out.text).toBe('bind_pw = ********\n  ********\nversion = 3');
  });

  it('masks the SASL responses after an AUTH with no initial response', () => {
    const lines = [
      'postfix/smtpd[9]: < c[127.0.0.1]: AUTH LOGIN',
      'postfix/smtpd[9]: > c[127.0.0.1]: 334 VXNlcm5hbWU6',
      'postfix/smtpd[9]: < c[127.0.0.1]: dGVzdDEwMDE=',
      'postfix/smtpd[9]: > c[127.0.0.1]: 334 UGFzc3dvcmQ6',
      'postfix/smtpd[9]: < c[127.0.0.1]: c2VjcmV0IHBhc3M=',
    ];
    const out = new BundleRedactor().redactText(lines.join('\n'), log('/var/log/maillog')).text.split('\n');
    expect(out[1]).toBe(lines[1]);
    expect(out[2]).toBe('postfix/smtpd[9]: < c[127.0.0.1]: ********');
    expect(out[4]).toBe('postfix/smtpd[9]: < c[127.0.0.1]: ********');
  });

  it('masks the password of an amavis DSN triple spread over lines', () => {
    const conf = [
      '@lookup_sql_dsn = (',
      "  ['DBI:mysql:database=mail;host=127.0.0.1;port=3306',",
      "   'user1',",
      "   'pass wd1'],",
      "  ['DBI:mysql:database=mail;host=db2', 'user2',",
      "   'pw2'] );",
    ];
    const out = new BundleRedactor().redactText(conf.join('\n'), file('/etc/amavisd/amavisd.conf')).text.split('\n');
    expect(out[2]).toBe("   'user1',");
    expect(out[3]).toBe('   ********],');
    expect(out[5]).toBe('   ********] );');
  });

  it('masks a private key block whole', () => {
    const key = [
      '-----BEGIN RSA PRIVATE KEY-----',
      'MIIEowIBAAKCAQEA',
      'abc',
      '-----END RSA PRIVATE KEY-----',
      'after',
    ];
    const out = new BundleRedactor().redactText(key.join('\n'), file('/etc/pki/tls/certs/x.pem'));
    expect(out.text).toBe('********\n********\n********\n********\nafter');
  });

  it('masks known secret values in their forms: as is, URL-encoded, JSON-escaped, base64', () => {
    const secret = 'K n/o"w+n';
    const redactor = new BundleRedactor({ knownSecrets: [secret] });
    const lines = [secret, encodeURIComponent(secret), JSON.stringify(secret), Buffer.from(secret).toString('base64')];
    const out = redactor.redactText(lines.map((l) => `x ${l} y`).join('\n'), log('/var/log/x'));
    for (const form of lines) expect(out.text).not.toContain(form.replace(/^"|"$/g, ''));
    expect(out.summary.byRule['known secret']).toBe(4);
  });

  it('hides a value a format rule found in every later item (a bind_pw showing up in a process list)', () => {
    const redactor = new BundleRedactor();
    redactor.redactText('bind_pw = Learned-Canary 7', file('/etc/postfix/adlocalrecipients'));
    const out = redactor.redactText('root 1 /usr/bin/ldapsearch -w Learned-Canary 7 -x', command('ps -eo args'));
    expect(out.text).toBe('root 1 /usr/bin/ldapsearch -w ******** -x');
  });

  it('does not learn values that are not secrets', () => {
    const redactor = new BundleRedactor();
    redactor.redactText('com.openexchange.capability.edit_password=false', file('/opt/open-xchange/etc/x.properties'));
    expect(redactor.redactText('enabled=false', log('/var/log/x')).text).toBe('enabled=false');
  });

  it("keeps the lab hosts' real files byte for byte apart from their secrets", () => {
    const path = 'test/lab/hosts/servera/files/etc/postfix/adlocalrecipients';
    const text = readFileSync(path, 'utf8').replace('@LDAP_BIND_PW@', 'Lab Canary "pw"');
    const out = new BundleRedactor().redactText(text, file('/etc/postfix/adlocalrecipients'));
    expect(out.text).toBe(text.replace('Lab Canary "pw"', '********'));
  });

  it('keeps bytes that are not UTF-8 and carriage returns as they are', () => {
    const redactor = new BundleRedactor();
    const item = redactor.forItem(log('/var/log/x'));
    const line = Buffer.from([0xff, 0x41, 0x20, 0x0d]).toString('latin1');
    expect(Buffer.from(item.line(line), 'latin1')).toEqual(Buffer.from([0xff, 0x41, 0x20, 0x0d]));
    expect(item.line('bindpw = x\r')).toBe('bindpw = x\r');
    expect(redactor.redactText('password = a b\r', file('/etc/my.cnf')).text).toBe('password = ********\r');
  });
});

describe('the rule table', () => {
  it('names rules so that a name passes redaction unchanged (the manifest holds them)', () => {
    const redactor = new BundleRedactor();
    for (const r of REDACTION_RULES) expect(redactor.redactText(r.name).text).toBe(r.name);
  });

  it.each(REDACTION_RULES.map((r) => [r.name, r] as const))(
    '%s has a plain-word hint and a global matcher',
    (_n, r) => {
      // the prefilter lowercases hints and searches them case-sensitively: no escapes, classes or groups
      expect(r.hint.source).toMatch(/^[A-Za-z0-9_:= |-]+$/);
      if (r.kind !== 'block') expect(r.re.flags).toContain('g');
    },
  );
});
