// Bundle redaction as data: every secret field of every format the deployment's files, commands and logs hold
// (sos's "substitute" lists, plus what sos misses here: ldap map bind_pw, -P in cron and ps, values with spaces).
// Known secret values (oxdoctor's configuration) are matched beside these rules (known-values.ts).
import { EMBEDDED_VALUE, keyValue, optionValue, PS_VALUE, REST_OF_LINE, SHELL_WORD } from './patterns.js';
import type { RedactionRule, RuleScope } from './types.js';

const ANY = /(?:)/;
export const EVERYWHERE: RuleScope = { file: ANY, command: ANY, log: ANY, text: ANY };

// Paths of the formats (RHEL and Debian layouts).
const POSTFIX_TABLE = /^\/etc\/postfix\/(?!main\.cf$|master\.cf$)[^/]+(?:\/[^/]+)*$/;
const POSTFIX_MAIN = /^\/etc\/postfix\/(?:main|master)\.cf$/;
const CYRUS_SASL = /(?:^|\/)(?:imapd[^/]*\.conf|saslauthd\.conf|sasl2?\/[^/]+\.conf)$/;
const AMAVIS = /^\/etc\/(?:amavisd?\/.*|amavisd\.conf[^/]*)$/;
const OX = /^\/opt\/open-xchange\/etc\//;
const OXLDAPSYNC = /^\/opt\/oxldapsync\/etc\//;
const LDAP_CLIENT = new RegExp(
  String.raw`^\/etc\/(?:ldap\.conf|(?:open)?ldap\/ldap\.conf|nslcd\.conf|pam_ldap\.conf|(?:lib)?nss[-_]ldap\.conf|` +
    String.raw`sssd\/sssd\.conf)$`,
);
const SMTP_CLIENT = /(?:^|\/)(?:ssmtp\.conf|\.?msmtprc)$/;
const APACHE = /^\/etc\/(?:httpd|apache2)\//;
const CRON_OR_SCRIPT = new RegExp(
  String.raw`^(?:\/etc\/cron[^/]*\/.*|\/etc\/crontab|\/var\/spool\/cron\/.*|.*\.sh|` +
    String.raw`\/opt\/open-xchange\/sbin\/.*|\/opt\/oxldapsync\/sbin\/.*)$`,
);
// A process list (ps); its arguments lost their quotes.
const PROCESS_LIST = /^(?:\S*\/)?ps(?:\s|$)/;
const NOT_PROCESS_LIST = /^(?!(?:\S*\/)?ps(?:\s|$))/;
const POSTCONF = /^(?:\S*\/)?postconf(?:\s|$)/;

// Command line password options: OX's -P (admin or master), long options naming a password, and OX's -p
// (user or database password) where the line is an OX tool's (`-A admin` or the tool's path is on it).
const LONG_PASSWORD_OPTIONS = String.raw`--[A-Za-z0-9-]*(?:pass|passwd|password|pw)`;
const OX_LOWER_P =
  String.raw`((?:(?:^|\s)-A\s+\S+|\/opt\/open-xchange\/sbin\/\S+|\boxldapsync\S*)` +
  String.raw`(?:\s.*?)?\s-p(?:=|\s+))`;

function cliRules(suffix: string, scope: RuleScope, value: string): RedactionRule[] {
  return [
    { kind: 'field', name: `ox-cli -P${suffix}`, hint: /-P/, scope, re: optionValue('-P', value) },
    {
      kind: 'field',
      name: `password option${suffix}`,
      hint: /--/,
      scope,
      re: optionValue(LONG_PASSWORD_OPTIONS, value, 'gi'),
    },
    { kind: 'field', name: `ox-cli -p${suffix}`, hint: /-p/, scope, re: new RegExp(OX_LOWER_P + value, 'g') },
  ];
}

const SHELL_SCOPE: RuleScope = { file: CRON_OR_SCRIPT, log: ANY, command: NOT_PROCESS_LIST, text: ANY };
const SASL_MECHS = 'PLAIN|LOGIN|XOAUTH2?|OAUTHBEARER|CRAM-MD5|DIGEST-MD5|NTLM|GSSAPI|EXTERNAL';

export const REDACTION_RULES: readonly RedactionRule[] = [
  // postfix ldap/mysql/pgsql tables: a value may continue on indented lines.
  {
    kind: 'field',
    name: 'postfix map bind_pw/password',
    hint: /bind_pw|pass/i,
    format: true,
    continuation: true,
    scope: { file: POSTFIX_TABLE },
    re: keyValue('bind_pw|password|sasl_password|sasl_passwd', '='),
  },
  // main.cf names password tables; only a static: or inline: table holds the secret itself.
  {
    kind: 'field',
    name: 'postfix inline password map',
    hint: /_password_maps/i,
    format: true,
    scope: { file: POSTFIX_MAIN, command: POSTCONF },
    re: /(\S*_password_maps\s*=\s*(?:static|inline):)(.*?)(?=\s*$)/g,
  },
  {
    kind: 'field',
    name: 'cyrus/sasl *_password/*_pass/sasl_*pass*',
    hint: /pass|_pw/i,
    format: true,
    scope: { file: CYRUS_SASL },
    re: keyValue(
      '[a-z0-9_]*_password|[a-z0-9_]*_pass|[a-z0-9_]*_passwd|sasl_[a-z0-9_]*pass[a-z0-9_]*|[a-z0-9_]*_pw',
      ':',
    ),
  },
  {
    kind: 'field',
    name: 'amavis $*password',
    hint: /pass|_pw|secret/i,
    format: true,
    scope: { file: AMAVIS },
    re: /(\$\w*(?:password|passwd|_pw|secret)\w*\s*=\s*)('[^']*'|"(?:\\.|[^"\\])*"|[^;]*?)(?=\s*;|\s*$)/gi,
  },
  // @lookup_sql_dsn / @storage_sql_dsn: ['DBI:mysql:...', 'user', 'password']
  {
    kind: 'field',
    name: 'amavis sql dsn password',
    hint: /DBI:/i,
    format: true,
    scope: { file: AMAVIS },
    re: /(\[\s*['"]DBI:[^'"]*['"]\s*,\s*(?:'[^']*'|"[^"]*"|\w+)\s*,\s*)('[^']*'|"(?:\\.|[^"\\])*"|[^\s\]]+)/gi,
  },
  // ... a triple spread over lines: the element before its closing bracket, on the lines after the DBI string.
  {
    kind: 'follow',
    name: 'amavis sql dsn password',
    hint: /DBI:/i,
    format: true,
    scope: { file: AMAVIS },
    trigger: /\[\s*['"]DBI:[^\]]*$/i,
    re: /^(\s*(?:(?:'[^']*'|"[^"]*")\s*,\s*)?)('[^']*'|"(?:\\.|[^"\\])*")(?=\s*\])/g,
    lines: 3,
  },
  // ldap binds in perl hashes: $default_ldap = { bind_password => '...' }
  {
    kind: 'field',
    name: 'amavis ldap bind password',
    hint: /pass/i,
    format: true,
    scope: { file: AMAVIS },
    re: /((?:^|[\s{,(])['"]?\w*(?:password|passwd)\w*['"]?\s*=>\s*)('[^']*'|"(?:\\.|[^"\\])*"|[^,}\s)]+)/gi,
  },
  {
    kind: 'field',
    name: 'dsn password inside a string',
    hint: /password=/i,
    format: true,
    scope: { file: AMAVIS },
    re: new RegExp(String.raw`((?:^|[\s=?&;:,'"])password=)` + EMBEDDED_VALUE, 'gi'),
  },
  // OX: com.openexchange.*Password, *_PASSWORD, secrets; not *PasswordSource, *PasswordFile.
  {
    kind: 'field',
    name: 'ox *Password property',
    hint: /pass|secret/i,
    format: true,
    scope: { file: OX },
    re: keyValue('[A-Za-z0-9_.-]*(?:password|passwd|secret)', '[=:]'),
  },
  // configdb.properties: readProperty.2=password=VALUE (the rest of the line)
  {
    kind: 'field',
    name: 'ox configdb password',
    hint: /password/i,
    format: true,
    scope: { file: OX },
    re: new RegExp(String.raw`^(\s*(?:read|write)Property\.\d+\s*[=:]\s*password\s*=\s*)` + REST_OF_LINE, 'gi'),
  },
  {
    kind: 'field',
    name: 'ox password inside a value',
    hint: /password=/i,
    format: true,
    scope: { file: OX },
    re: new RegExp(String.raw`((?:^|[\s=?&;,])password=)` + EMBEDDED_VALUE, 'gi'),
  },
  // bindpwfile is a path, access-edit-password a module flag: only these keys.
  {
    kind: 'field',
    name: 'oxldapsync bindpw/ldappassword',
    hint: /pw|pass/i,
    format: true,
    scope: { file: OXLDAPSYNC },
    re: keyValue(
      'bindpw|bind_pw|ldappassword|ldap_password|password|passwd|(?:ox)?adminpass(?:word)?|masterpass(?:word)?',
      '[=:]',
    ),
  },
  {
    kind: 'field',
    name: 'ldap.conf bindpw',
    hint: /pw|credentials|authtok/i,
    format: true,
    scope: { file: LDAP_CLIENT },
    re: keyValue('bindpw|rootpw|credentials|bind_pw|ldap_default_authtok', '(?:[=:]|\\s)'),
  },
  {
    kind: 'field',
    name: 'ssmtp AuthPass / msmtp password',
    hint: /pass/i,
    format: true,
    scope: { file: SMTP_CLIENT },
    re: keyValue('AuthPass|password', '(?:=|\\s)'),
  },
  {
    kind: 'field',
    name: 'apache password directive',
    hint: /password/i,
    format: true,
    scope: { file: APACHE },
    re: keyValue('AuthLDAPBindPassword|ProxyPassword|SSLCertificateKeyPassword', '\\s'),
  },
  // -P, --configdb-pass, --master-pass ...: shell words in cron files, scripts, logs, crontab output.
  ...cliRules('', SHELL_SCOPE, SHELL_WORD),
  // ... and in a process list, where quotes are gone: up to the next option.
  ...cliRules(' (process list)', { command: PROCESS_LIST }, PS_VALUE),
  {
    kind: 'field',
    name: 'mysql -p',
    hint: /mysql/i,
    scope: SHELL_SCOPE,
    re: new RegExp(String.raw`(\bmysql\w*\b[^|;&\n]*?\s-p)(?![\s-])` + SHELL_WORD, 'g'),
  },
  {
    kind: 'field',
    name: 'sshpass -p',
    hint: /sshpass/,
    scope: SHELL_SCOPE,
    re: new RegExp(String.raw`(\bsshpass\s+-p\s*)` + SHELL_WORD, 'g'),
  },
  // HTTP: the credentials after the scheme, to the end of the line.
  {
    kind: 'field',
    name: 'Authorization header',
    hint: /authorization/i,
    scope: EVERYWHERE,
    re: new RegExp(
      String.raw`(\b(?:Proxy-)?Authorization["']?\s*[:=]\s*["']?(?:(?:Basic|Bearer|Digest|Negotiate|NTLM|OAuth)\s+)?)` +
        REST_OF_LINE,
      'gi',
    ),
  },
  // SMTP AUTH / IMAP AUTHENTICATE with an initial response (not the mechanism list of an EHLO answer).
  {
    kind: 'field',
    name: 'SASL AUTH payload',
    hint: /auth/i,
    scope: EVERYWHERE,
    re: new RegExp(
      String.raw`(\bAUTH(?:ENTICATE)?\s+(?:${SASL_MECHS})\s+)(?!(?:${SASL_MECHS})\b)([A-Za-z0-9+/]+={0,2}|=)`,
      'gi',
    ),
  },
  // ... without one: the client's base64 responses on the lines after.
  {
    kind: 'follow',
    name: 'SASL AUTH payload',
    hint: /auth/i,
    scope: EVERYWHERE,
    trigger: new RegExp(String.raw`\bAUTH(?:ENTICATE)?\s+(?:${SASL_MECHS})\s*$`, 'i'),
    re: /^(.*?[:<>]\s?)([A-Za-z0-9+/]{6,}={0,2})(?=\s*$)/g,
    lines: 6,
  },
  // An IMAP session transcript (cyrus telemetry): `<stamp<tag LOGIN user password`.
  {
    kind: 'field',
    name: 'IMAP LOGIN password',
    hint: /login/i,
    scope: { log: ANY, text: ANY },
    re: /((?:^|<)[A-Za-z0-9.]+\s+(?:LOGIN|login)\s+(?:"(?:\\.|[^"\\])*"|\S+)\s+)("(?:\\.|[^"\\])*"|\S+)/g,
  },
  {
    kind: 'block',
    name: 'private key',
    hint: /PRIVATE KEY/,
    scope: EVERYWHERE,
    begin: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/,
    end: /-----END [A-Z0-9 ]*PRIVATE KEY-----/,
  },
  // Files of no known format, logs, commands: `password = value`, `db_pw: value`, whole values.
  {
    kind: 'field',
    name: 'generic password',
    hint: /passw|_pw|secret|credential/i,
    fallback: true,
    scope: EVERYWHERE,
    re: keyValue('[A-Za-z0-9_.$-]*(?:password|passwd|_pw|secret|credentials?)', '[=:]'),
  },
  // ... and inside a line: `?user=u&password=x`, `"password": "x"`, `password=x,`.
  {
    kind: 'field',
    name: 'generic password',
    hint: /passw|_pw|secret|credential/i,
    fallback: true,
    scope: EVERYWHERE,
    re: new RegExp(
      // not a C function a log names (saslauthd's "krb5_get_init_creds_password: <the KDC's answer>")
      String.raw`((?:^|[\s?&;,({"'])(?![A-Za-z0-9_.-]*(?:krb5_|get_))[A-Za-z0-9_.-]*(?:password|passwd)["']?\s*[=:]\s*)` +
        EMBEDDED_VALUE,
      'gi',
    ),
  },
];
