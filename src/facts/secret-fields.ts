// Which values of a host's config files are secrets, per file format, as data (sos's "substitute" lists).
// A format knows its own secret fields, so a password in a value (configdb's `password=...`) is found and
// a key that only looks like one (`access-edit-password = "off"`, `bindpwfile = /path`) is left alone.

// One kind of file: which paths it covers, and how its lines hold secrets.
export interface SecretFormat {
  readonly name: string;
  readonly paths: RegExp;
  readonly rules: readonly LineRule[];
  // Values in continuation lines (leading white space) belong to the line above, as in postfix's files.
  readonly continuation?: boolean;
}

// A line rule: `re` captures (1) what stays and (2) the secret value; the rest of the line is kept.
export interface LineRule {
  readonly re: RegExp;
}

// key <sep> value, the whole value (quotes and spaces included) to the end of the line.
function keyValue(keys: string, sep: string): LineRule {
  return { re: new RegExp(`^(\\s*(?:${keys})\\s*${sep}\\s*)(\\S.*?)\\s*$`, 'i') };
}

// `-P secret` / `--adminpass=secret` style options on a command line (cron, scripts).
const CLI_OPTIONS: LineRule[] = [
  // OX's command line tools: -P (admin password) and -p (user or database password).
  { re: /((?:\/opt\/open-xchange\/sbin\/|\boxldapsync\S*\s).*?\s-[Pp]\s+)('[^']*'|"[^"]*"|\S+)/ },
  { re: /(\s--(?:[a-z0-9-]*pass(?:word)?|adminpass|passwd)(?:=|\s+))('[^']*'|"[^"]*"|\S+)/i },
  // mysql -pSECRET, sshpass -p SECRET
  { re: /(\bmysql(?:dump|admin)?\b.*?\s-p)('[^']*'|"[^"]*"|[^\s-]\S*)/ },
  { re: /(\bsshpass\s+-p\s*)('[^']*'|"[^"]*"|\S+)/ },
];

// A password given as a JDBC or URL property inside a value: `password=x`, `?user=u&password=x`.
const EMBEDDED_PASSWORD: LineRule = { re: /((?:^|[\s=?&;,])password=)([^&;,\s]+)/i };

// Files whose whole content is a secret: never shown, only their size.
export const SECRET_FILES: RegExp =
  /(?:^|\/)(?:[^/]*\.(?:secret|pw|pass|key)|sasl_passwd[^/]*|[^/]*passw(?:or)?d[^/]*\.(?:db|txt)|shadow|gshadow|sasldb2|krb5\.keytab|[^/]*\.keytab)$/i;

export const SECRET_FORMATS: readonly SecretFormat[] = [
  {
    name: 'OX properties',
    paths: /^\/opt\/open-xchange\/.*\.(?:properties|conf)$/,
    rules: [
      // com.openexchange.mail.adminPassword, com.openexchange.*.password, ...; not *PasswordFile / -Source
      keyValue('[A-Za-z0-9_.-]*(?:password|passwd|secret)', '[=:]'),
      // configdb.properties: readProperty.N=password=VALUE, the rest of the line
      { re: /^(\s*(?:read|write)Property\.\d+\s*[=:]\s*password\s*=\s*)(\S.*?)\s*$/ },
      EMBEDDED_PASSWORD,
    ],
  },
  {
    name: 'oxldapsync conf',
    paths: /^\/opt\/oxldapsync\/.*\.conf$/,
    // bindpw is the secret; bindpwfile a path, access-* module flags ("access-edit-password = off").
    rules: [keyValue('bindpw|bind_pw|password|adminpass', '=')],
  },
  {
    name: 'postfix table',
    paths: /^\/etc\/postfix\/(?!main\.cf$|master\.cf$)[^/]+$/,
    continuation: true,
    rules: [keyValue('bind_pw|password|sasl_password', '=')],
  },
  {
    name: 'postfix main.cf and master.cf',
    paths: /^\/etc\/postfix\/(?:main|master)\.cf$/,
    // the *_password_maps are table names; only an inline or static table holds the secret itself
    rules: [{ re: /(\S*_password_maps\s*=\s*(?:static|inline):)(.*?)\s*$/ }],
  },
  {
    name: 'cyrus and saslauthd conf',
    paths: /^\/etc\/(?:imapd\.conf|saslauthd\.conf|cyrus\.conf|sasl2?\/[^/]+\.conf|postfix\/sasl\/[^/]+\.conf)$/,
    rules: [keyValue('[a-z0-9_]*(?:_password|_pw|_secret)|ldap_bind_pw|sasl_pass|auxprop_password', ':')],
  },
  {
    name: 'amavisd.conf',
    paths: /^\/etc\/(?:amavis\/.*|amavisd\.conf)$/,
    rules: [
      // $sql_password = '...'; the third element of a DBI dsn triple
      { re: /(\$\w*(?:password|passwd|_pw|secret)\w*\s*=\s*)(.*?)\s*;?\s*$/i },
      { re: /(\[\s*['"]DBI:[^'"]*['"]\s*,\s*['"][^'"]*['"]\s*,\s*)('[^']*'|"[^"]*")/i },
    ],
  },
  {
    name: 'LDAP client and server conf',
    paths: /^\/etc\/(?:ldap\/.*|openldap\/.*|ldap\.conf|nslcd\.conf|pam_ldap\.conf|libnss-ldap\.conf)$/,
    rules: [keyValue('rootpw|bindpw|credentials', '\\s')],
  },
  {
    name: 'SMTP client conf (msmtp, ssmtp)',
    paths: /(?:msmtprc|ssmtp\.conf|\/etc\/postfix\/ssmtp[^/]*)$/,
    rules: [keyValue('password', '\\s'), keyValue('AuthPass', '=')],
  },
  {
    name: 'Apache conf',
    paths: /^\/etc\/(?:httpd|apache2)\//,
    rules: [keyValue('AuthLDAPBindPassword|ProxyPassword|SSLCertificateKeyPassword', '\\s')],
  },
  {
    name: 'Tomcat XML',
    paths: /^\/etc\/tomcat[^/]*\/.*\.xml$/,
    // keystorePass="x", password="x", secret="x" on the AJP connector; not secretRequired="false"
    rules: [{ re: /(\b(?:[A-Za-z]*Pass|password|secret)\s*=\s*)("[^"]*"|'[^']*')/ }],
  },
  {
    name: 'crontab or script',
    paths: /^(?:\/etc\/cron[^/]*\/.*|\/etc\/crontab|\/var\/spool\/cron\/.*|.*\.sh|\/opt\/open-xchange\/sbin\/.*)$/,
    rules: CLI_OPTIONS,
  },
];

// For files of no known format: key = value or key: value whose key names a password, whole values.
export const FALLBACK: SecretFormat = {
  name: 'unknown format',
  paths: /.*/,
  rules: [
    keyValue('[A-Za-z0-9_.-]*(?:password|passwd|_pw|secret|credentials?)', '[=:]'),
    EMBEDDED_PASSWORD,
    ...CLI_OPTIONS,
  ],
};
