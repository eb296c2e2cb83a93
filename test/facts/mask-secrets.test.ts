import { describe, expect, it } from 'vitest';
import { maskSecrets, secretFormatOf } from '../../src/facts/mask-secrets.js';
import { Redactor } from '../../src/core/redact.js';
import { maskAndRegister } from '../../src/facts/mask-secrets.js';
import { redactor } from '../../src/core/redact.js';

// Each row: a path, a line as the host has it, and the line as evidence must show it.
const CASES: [string, string, string][] = [
  // OX 6 configdb.properties: the password sits in the value (a JDBC property), not in the key.
  [
    '/opt/open-xchange/etc/configdb.properties',
    'readProperty.2=password=Wq8 "x" z',
    'readProperty.2=password=********',
  ],
  [
    '/opt/open-xchange/etc/groupware/configdb.properties',
    'writeProperty.2=password=abc',
    'writeProperty.2=password=********',
  ],
  ['/opt/open-xchange/etc/configdb.properties', 'readProperty.1=user=openexchange', 'readProperty.1=user=openexchange'],
  [
    '/opt/open-xchange/etc/configdb.properties',
    'readUrl=jdbc:mysql://db:3313/?user=ox&password=pw1',
    'readUrl=jdbc:mysql://db:3313/?user=ox&password=********',
  ],
  [
    '/opt/open-xchange/etc/groupware/mail.properties',
    'com.openexchange.mail.adminPassword=a b c',
    'com.openexchange.mail.adminPassword=********',
  ],
  [
    '/opt/open-xchange/etc/groupware/mail.properties',
    'com.openexchange.mail.passwordSource=session',
    'com.openexchange.mail.passwordSource=session',
  ],
  // oxldapsync: bindpw is a secret; bindpwfile a path; access-* module flags are not secrets.
  ['/opt/oxldapsync/etc/ldapsync-ads.conf', 'bindpw = "p w"', 'bindpw = ********'],
  [
    '/opt/oxldapsync/etc/ldapsync-ads.conf',
    'bindpwfile = /opt/oxldapsync/etc/ldapbind.secret',
    'bindpwfile = /opt/oxldapsync/etc/ldapbind.secret',
  ],
  ['/opt/oxldapsync/etc/mapping.ads.conf', 'access-edit-password = "off"', 'access-edit-password = "off"'],
  // postfix ldap table: the whole value, spaces included; other keys kept.
  ['/etc/postfix/adlocalrecipients', 'bind_pw = with spaces', 'bind_pw = ********'],
  ['/etc/postfix/adlocalrecipients', 'bind_dn = CN=svc,DC=example,DC=com', 'bind_dn = CN=svc,DC=example,DC=com'],
  // main.cf: a password map is a table name, unless the table is inline.
  [
    '/etc/postfix/main.cf',
    'smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd',
    'smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd',
  ],
  ['/etc/postfix/main.cf', 'smtp_sasl_password_maps = static:user:pw', 'smtp_sasl_password_maps = static:********'],
  // cyrus imapd.conf and saslauthd.conf
  ['/etc/imapd.conf', 'ldap_password: hunter2', 'ldap_password: ********'],
  ['/etc/imapd.conf', 'proxy_password: x', 'proxy_password: ********'],
  ['/etc/imapd.conf', 'allowplaintext: 1', 'allowplaintext: 1'],
  ['/etc/saslauthd.conf', 'ldap_bind_pw: s3', 'ldap_bind_pw: ********'],
  ['/etc/postfix/sasl/smtpd.conf', 'pwcheck_method: saslauthd', 'pwcheck_method: saslauthd'],
  // amavisd.conf (perl)
  ['/etc/amavisd.conf', "$sql_password = 'pw';", '$sql_password = ********'],
  [
    '/etc/amavis/conf.d/50-user',
    "@lookup_sql_dsn = (['DBI:mysql:mail;host=db', 'amavis', 'pw2']);",
    "@lookup_sql_dsn = (['DBI:mysql:mail;host=db', 'amavis', ********]);",
  ],
  // crontab lines with OX tools: -P and -p, --configdb-pass=
  [
    '/etc/cron.d/ox',
    '0 * * * * root /opt/oxldapsync/sbin/oxldapsync.pl /opt/oxldapsync/etc/ldapsync-ads.conf -A oxadmin -P secret -c 1',
    '0 * * * * root /opt/oxldapsync/sbin/oxldapsync.pl /opt/oxldapsync/etc/ldapsync-ads.conf -A oxadmin -P ******** -c 1',
  ],
  [
    '/var/spool/cron/root',
    '5 * * * * /opt/open-xchange/sbin/listuser -c 1 -A oxadmin -P "a b"',
    '5 * * * * /opt/open-xchange/sbin/listuser -c 1 -A oxadmin -P ********',
  ],
  [
    '/etc/crontab',
    '1 1 * * * root initconfigdb --configdb-pass=s3 -i',
    '1 1 * * * root initconfigdb --configdb-pass=******** -i',
  ],
  ['/etc/cron.d/backup', '1 1 * * * root mysqldump -uox -pS3cr3t db', '1 1 * * * root mysqldump -uox -p******** db'],
  // Apache: ProxyPass is not a password
  [
    '/etc/httpd/conf.d/proxy_ajp.conf',
    'ProxyPass /ajax balancer://oxcluster/ajax',
    'ProxyPass /ajax balancer://oxcluster/ajax',
  ],
  ['/etc/httpd/conf.d/ldap.conf', 'AuthLDAPBindPassword "x y"', 'AuthLDAPBindPassword ********'],
  // Tomcat: the AJP secret, not secretRequired
  [
    '/etc/tomcat10/server.xml',
    '<Connector port="8009" secret="abc" secretRequired="true"/>',
    '<Connector port="8009" secret=******** secretRequired="true"/>',
  ],
  // msmtp (the lab's ssmtp stand-in) and ssmtp
  ['/etc/msmtprc', 'password  p w', 'password  ********'],
  ['/etc/ssmtp/ssmtp.conf', 'AuthPass=abc', 'AuthPass=********'],
  // files of no known format: key names
  ['/etc/something.conf', 'db_password = "x y"', 'db_password = ********'],
];

describe('maskSecrets', () => {
  it.each(CASES)('%s: masks %j as %j', (path, line, shown) => {
    expect(maskSecrets(path, line).text).toBe(shown);
  });

  it('hands back each value it masked, quotes stripped, for the redactor', () => {
    expect(maskSecrets('/etc/postfix/x', 'bind_pw = "p w"\nbind_dn = cn=x').secrets).toEqual(['p w']);
    expect(maskSecrets('/opt/open-xchange/etc/configdb.properties', 'readProperty.2=password=abc').secrets).toEqual([
      'abc',
    ]);
  });

  it('masks the continuation lines of a postfix value with the value', () => {
    const text = 'bind_pw = first\n  second part\nbind_dn = cn=x';
    expect(maskSecrets('/etc/postfix/ldap-map.cf', text).text).toBe('bind_pw = ********\n  ********\nbind_dn = cn=x');
  });

  it('shows no content of a file that is itself a secret, only its size', () => {
    const masked = maskSecrets('/opt/oxldapsync/etc/ldapbind.secret', 'Bind-Pw-1\n');
    expect(masked.text).toBe('(not shown: /opt/oxldapsync/etc/ldapbind.secret holds secrets; 10 bytes)');
    expect(masked.secrets).toEqual(['Bind-Pw-1']);
    expect(maskSecrets('/etc/postfix/sasl_passwd', 'relay user:pw').text).toMatch(/^\(not shown/);
  });

  it('knows the format of each path it is given', () => {
    expect(secretFormatOf('/opt/open-xchange/etc/configdb.properties').name).toBe('OX properties');
    expect(secretFormatOf('/etc/postfix/main.cf').name).toBe('postfix main.cf and master.cf');
    expect(secretFormatOf('/etc/postfix/adlocalrecipients').name).toBe('postfix table');
    expect(secretFormatOf('/etc/nothing-known').name).toBe('unknown format');
  });

  it('registers what it masked, so the value is hidden in any other output', () => {
    const r = new Redactor();
    expect(r.redact('dbpw Zq9-unique-abc')).toBe('dbpw Zq9-unique-abc');
    maskAndRegister('/opt/open-xchange/etc/configdb.properties', 'readProperty.2=password=Zq9-unique-abc');
    expect(redactor.redact('mysql -pZq9-unique-abc')).toBe('mysql -p********');
  });
});
